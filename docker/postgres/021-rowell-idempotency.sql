-- Idempotency-Key records. One row per (developer, key): the first request's fingerprint, the
-- resource id every repeat reuses, and the first finished response, replayed byte for byte.
-- Claiming a key is a single INSERT … ON CONFLICT, so a fresh key costs one round trip.
CREATE TABLE IF NOT EXISTS rowell_idempotency (
    key          text        PRIMARY KEY,
    fingerprint  text        NOT NULL,
    resource_id  text        NOT NULL,
    status_code  integer,
    body         text,
    created_at   timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS rowell_idempotency_created ON rowell_idempotency (created_at);
