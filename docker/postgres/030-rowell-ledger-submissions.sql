-- Real-ledger submissions, one row per (network, payment id): the exact signed transaction we
-- sent, so a retry of the same payment re-sends the SAME bytes (same Stellar hash, same Hedera
-- transaction id) and can never pay twice. A row's envelope is only replaced (compare-and-swap on
-- hash) after the ledger has said the stored one can never apply.

CREATE TABLE IF NOT EXISTS ledger_submissions (
    network       text        NOT NULL,
    payment_id    text        NOT NULL,
    environment   text        NOT NULL,
    hash          text        NOT NULL,
    signed_tx     text        NOT NULL,
    status        smallint    NOT NULL,
    failure_code  text,
    submitted_at  timestamptz NOT NULL,
    settled_at    timestamptz,
    PRIMARY KEY (network, payment_id)
);

CREATE INDEX IF NOT EXISTS ledger_submissions_by_hash ON ledger_submissions (network, hash);
