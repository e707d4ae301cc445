-- written: bumped by every write to a developer and mode's rollups, the stream path's flushes included (a
-- reconciliation write bumps generation in rowell_analytics_reconciled). Together they say whether any rollup row
-- of the scope may have changed, so a reader may keep an answer, open periods included, for as long as both hold.
-- A separate table: a scope is written by the stream path before it has any reconciled_until.
CREATE TABLE IF NOT EXISTS rowell_analytics_writes (
    developer_id  text   NOT NULL,
    mode          text   NOT NULL,
    written       bigint NOT NULL,
    PRIMARY KEY (developer_id, mode)
);
