-- Email notifications: a durable outbox filled by the event fan-out (same statement, same transaction as
-- the webhook deliveries and the cursor). One row per event (the event id is the key), so a repeated
-- fan-out queues nothing twice; the sender marks a row sent only after the SMTP server accepted it
-- (at-least-once; a crash in between sends at most one duplicate, with the same Message-Id).

CREATE TABLE IF NOT EXISTS rowell_email_outbox (
    event_id         text        PRIMARY KEY,
    developer_id     text        NOT NULL,
    event_type       text        NOT NULL,
    payload          json        NOT NULL,
    status           text        NOT NULL,  -- pending | sent | skipped | failed
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text,
    recipient        text,
    created_at       timestamptz NOT NULL,
    finished_at      timestamptz
);

CREATE INDEX IF NOT EXISTS rowell_email_outbox_due ON rowell_email_outbox (next_attempt_at) WHERE status = 'pending';
