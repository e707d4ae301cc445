-- Rowell read models for developers and accounts.
-- Grains own the truth (OrleansStorage); these tables exist so lists, filters and cursors are
-- one indexed query instead of a fan-out to grains. Writers upsert, so replays are harmless.

CREATE TABLE IF NOT EXISTS rowell_accounts (
    id            text        PRIMARY KEY,
    developer_id  text        NOT NULL,
    network       text        NOT NULL,
    environment   text        NOT NULL,
    account_type  text        NOT NULL,
    country_code  text        NOT NULL,
    kyc_status    text        NOT NULL,
    created_at    timestamptz NOT NULL,
    -- The whole public view as JSON: list pages are served from here without touching grains.
    view          jsonb       NOT NULL,
    -- Monotonic per row: a late, older upsert never overwrites a newer one.
    version       bigint      NOT NULL
);

-- Newest first within a developer; id breaks ties so the cursor order is total.
CREATE INDEX IF NOT EXISTS rowell_accounts_developer_created
    ON rowell_accounts (developer_id, created_at DESC, id DESC);
