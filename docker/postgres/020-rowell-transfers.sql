-- Transfers: the TransferGrain's durable state and its read model are one row, and each state
-- change writes that row and its domain events in ONE transaction (one round trip). So a
-- transfer, its timeline and what lists show can never disagree, and there is no separate
-- "grain storage write" on the hot path. The version column is the optimistic-concurrency check
-- that stops two activations of one transfer from both writing.

CREATE TABLE IF NOT EXISTS rowell_transfers (
    id             text        PRIMARY KEY,
    developer_id   text        NOT NULL,
    status         text        NOT NULL,
    network        text        NOT NULL,
    environment    text        NOT NULL,
    asset_code     text        NOT NULL,
    from_account   text        NOT NULL,
    to_account     text,
    to_address     text        NOT NULL,
    from_country   text,
    to_country     text,
    tx_hash        text,
    amount_minor   bigint      NOT NULL,
    fee_minor      bigint      NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    -- True while only Rowell can move the transfer on (pending, submitted): the sweeper's work list.
    -- Final transfers and those waiting for a compliance officer drop out of the index.
    needs_driving  boolean     NOT NULL DEFAULT true,
    -- json, not jsonb: only Rowell reads it back, whole; json skips jsonb's parse-and-rebuild on every write.
    state          json        NOT NULL,
    version        bigint      NOT NULL
);

CREATE INDEX IF NOT EXISTS rowell_transfers_developer_created ON rowell_transfers (developer_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS rowell_transfers_from_account ON rowell_transfers (from_account, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS rowell_transfers_to_account ON rowell_transfers (to_account, created_at DESC, id DESC) WHERE to_account IS NOT NULL;
CREATE INDEX IF NOT EXISTS rowell_transfers_tx_hash ON rowell_transfers (tx_hash) WHERE tx_hash IS NOT NULL;
CREATE INDEX IF NOT EXISTS rowell_transfers_needs_driving ON rowell_transfers (updated_at) WHERE needs_driving;

-- The domain event log: durable, ordered per aggregate (aggregate_seq), globally by seq.
-- Webhooks and analytics consume it; a consumer keeps its own high-water mark on seq.
CREATE TABLE IF NOT EXISTS rowell_events (
    seq            bigserial   PRIMARY KEY,
    id             text        NOT NULL UNIQUE,
    developer_id   text        NOT NULL,
    aggregate_id   text        NOT NULL,
    aggregate_seq  integer     NOT NULL,
    type           text        NOT NULL,
    payload        json        NOT NULL,
    created_at     timestamptz NOT NULL,
    UNIQUE (aggregate_id, aggregate_seq)
);

CREATE INDEX IF NOT EXISTS rowell_events_developer ON rowell_events (developer_id, seq);
