-- Webhook endpoints and their deliveries. The WebhookSubscriptionGrain of an endpoint is the single writer
-- of its row; the event fan-out (one statement, Grains/Events/PostgresEventFanout.cs) inserts one delivery
-- per (endpoint, event) in the same transaction that advances its cursor in rowell_event_cursors, so a
-- crash repeats the fan-out (ON CONFLICT DO NOTHING) and never loses or doubles a delivery.

CREATE TABLE IF NOT EXISTS rowell_webhook_endpoints (
    id                          text        PRIMARY KEY,
    developer_id                text        NOT NULL,
    mode                        text        NOT NULL,
    url                         text        NOT NULL,
    events                      text[]      NOT NULL,
    status                      text        NOT NULL,
    description                 text,
    disabled_reason             text,
    -- whsec_ key bytes sealed with AES-256-GCM (the wallet key vault, endpoint id as associated data).
    secret_sealed               bytea       NOT NULL,
    previous_secret_sealed      bytea,
    previous_secret_expires_at  timestamptz,
    -- First failure since the last success: the "failing for 5 days" clock.
    -- (event_seq numbers the endpoint's own events, e.g. webhook_endpoint.disabled: their aggregate_seq.)
    failing_since               timestamptz,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    event_seq                   integer     NOT NULL DEFAULT 0
);

CREATE INDEX IF NOT EXISTS rowell_webhook_endpoints_developer_created ON rowell_webhook_endpoints (developer_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS rowell_webhook_endpoints_fanout ON rowell_webhook_endpoints (developer_id, mode) WHERE status = 'enabled';

CREATE TABLE IF NOT EXISTS rowell_webhook_deliveries (
    seq               bigserial   PRIMARY KEY,
    id                text        NOT NULL UNIQUE,
    endpoint_id       text        NOT NULL,
    developer_id      text        NOT NULL,
    event_id          text        NOT NULL,
    event_type        text        NOT NULL,
    status            text        NOT NULL,
    attempt_count     integer     NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz,
    last_status_code  integer,
    created_at        timestamptz NOT NULL,
    -- [{at, status_code, duration_ms, response_excerpt, error}], newest last.
    attempts          jsonb       NOT NULL DEFAULT '[]',
    UNIQUE (endpoint_id, event_id)
);

CREATE INDEX IF NOT EXISTS rowell_webhook_deliveries_due ON rowell_webhook_deliveries (endpoint_id, seq) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS rowell_webhook_deliveries_pending_next ON rowell_webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS rowell_webhook_deliveries_endpoint_created ON rowell_webhook_deliveries (endpoint_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS rowell_webhook_deliveries_developer_created ON rowell_webhook_deliveries (developer_id, created_at DESC, id DESC);

-- A deterministic, well-formed Rowell id (prefix_ + 20 base62 characters) from a seed, for rows the
-- fan-out creates in SQL: the same (endpoint, event) always names the same delivery.
CREATE OR REPLACE FUNCTION rowell_derive_id(prefix text, seed text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT prefix || '_' || left(translate(encode(sha256(convert_to(seed, 'UTF8')), 'base64') || encode(sha256(convert_to('1' || seed, 'UTF8')), 'base64'), '+/=', ''), 20)
$$;
