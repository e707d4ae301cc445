-- Analytics rollups: one row per developer × key mode × dimension × period × bucket key.
-- measures: the numbers queries read (small); sets: the exact unique-id sets and the settlement histogram
-- behind them, read only when the row is written again or merged into its week/month.
-- The rollup grains write one upsert per touched row per flush, never one per event.

CREATE TABLE IF NOT EXISTS rowell_analytics_rollups (
    developer_id  text        NOT NULL,
    mode          text        NOT NULL,
    dimension     text        NOT NULL,
    period        text        NOT NULL,   -- hour | day | week | month
    period_start  timestamptz NOT NULL,
    key           text        NOT NULL,
    measures      json        NOT NULL,
    sets          json        NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (developer_id, mode, dimension, period, period_start, key)
);

-- Event ids already applied by the stream path, per day: a redelivered or replayed event changes nothing.
-- A day's ids are deleted once the reconciler has recomputed the day (it then takes no deliveries), so the
-- table holds the open days only.
CREATE TABLE IF NOT EXISTS rowell_analytics_applied (
    developer_id  text NOT NULL,
    mode          text NOT NULL,
    day           date NOT NULL,
    event_id      text NOT NULL,
    PRIMARY KEY (developer_id, mode, day, event_id)
);

-- reconciled_until (exclusive): every day before it was recomputed from rowell_events. The row with
-- developer_id '*' is the reconciler's own cursor over all developers.
CREATE TABLE IF NOT EXISTS rowell_analytics_reconciled (
    developer_id     text NOT NULL,
    mode             text NOT NULL,
    reconciled_until date NOT NULL,
    PRIMARY KEY (developer_id, mode)
);

-- The reconciler walks the log by day ("who had events on day D?"): without this it would scan the log.
CREATE INDEX IF NOT EXISTS rowell_events_created_at ON rowell_events (created_at);

-- The gauges read today's totals of every developer.
CREATE INDEX IF NOT EXISTS rowell_analytics_rollups_period ON rowell_analytics_rollups (dimension, period, period_start);
