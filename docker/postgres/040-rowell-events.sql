-- The event log's contract for every producer and consumer.
--
-- Producers insert into rowell_events in the SAME transaction as the state change an event describes:
--   (id 'evt_…', developer_id, mode 'test'|'live', aggregate_id, aggregate_seq 1,2,3… per aggregate,
--    type, payload = the resource as GET returns it (the event's data.object), created_at)
-- seq and xid are filled in by Postgres.
--
-- Why xid: seq is a bigserial, taken when the row is inserted, not when its transaction commits, so a
-- transaction holding seq 41 can commit after one holding seq 42. A consumer that remembers "done up to
-- 42" would skip 41 forever. Each row also records the id of the transaction that wrote it; a consumer
-- reads only rows whose transaction is older than every transaction still running
-- (xid < pg_snapshot_xmin(pg_current_snapshot())), in (xid, seq) order, and keeps (xid, seq) as its cursor.
-- Rows below that horizon can no longer appear, so the cursor never passes an event that is yet to commit.

ALTER TABLE rowell_events ADD COLUMN IF NOT EXISTS mode text NOT NULL DEFAULT 'test';
ALTER TABLE rowell_events ALTER COLUMN mode DROP DEFAULT;
ALTER TABLE rowell_events ADD COLUMN IF NOT EXISTS xid xid8 NOT NULL DEFAULT pg_current_xact_id();

CREATE INDEX IF NOT EXISTS rowell_events_xid_seq ON rowell_events (xid, seq);
CREATE INDEX IF NOT EXISTS rowell_events_developer_mode_created ON rowell_events (developer_id, mode, created_at DESC, seq DESC);
