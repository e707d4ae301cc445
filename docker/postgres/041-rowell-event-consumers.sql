-- Durable consumers of rowell_events keep their position here: the (xid, seq) of the last event they
-- took, read with the safe horizon of 040 (xid < pg_snapshot_xmin(pg_current_snapshot())). A consumer
-- advances its cursor in the same transaction as the effect it derives from the events (the webhook and
-- email fan-out), or after its at-least-once publish (the stream relay), so a crash repeats, never skips.

CREATE TABLE IF NOT EXISTS rowell_event_cursors (
    consumer    text        PRIMARY KEY,
    xid         xid8        NOT NULL,
    seq         bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- GET /events by type within a developer and mode.
CREATE INDEX IF NOT EXISTS rowell_events_developer_mode_type_created ON rowell_events (developer_id, mode, type, created_at DESC);
