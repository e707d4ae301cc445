-- Compliance: identity verifications and flags. Each row is the whole record as JSON plus the columns lists
-- filter and sort on; every write inserts its domain events into rowell_events in the same transaction.

CREATE TABLE IF NOT EXISTS rowell_kyc_verifications (
    id                text        PRIMARY KEY,
    developer_id      text        NOT NULL,
    environment       text        NOT NULL,
    account_id        text        NOT NULL,
    status            text        NOT NULL,
    risk_level        text        NOT NULL,
    document_type     text        NOT NULL,
    document_country  text        NOT NULL,
    created_at        timestamptz NOT NULL,
    -- The view, the holder's name and birth date for screening, and the document number SEALED (AES-256-GCM,
    -- associated data = the verification id): the number is never stored in the clear.
    record            json        NOT NULL
);

CREATE INDEX IF NOT EXISTS rowell_kyc_verifications_developer_created ON rowell_kyc_verifications (developer_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS rowell_kyc_verifications_account_created ON rowell_kyc_verifications (account_id, created_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS rowell_compliance_flags (
    id            text        PRIMARY KEY,
    developer_id  text        NOT NULL,
    environment   text        NOT NULL,
    entity_type   text        NOT NULL,
    entity_id     text        NOT NULL,
    status        text        NOT NULL,
    severity      text        NOT NULL,
    reason_code   text        NOT NULL,
    risk_score    integer     NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    -- The view with its append-only history, and a transfer decision not yet confirmed by the transfer.
    state         json        NOT NULL,
    -- Optimistic concurrency: two activations of one flag can never both append to its history.
    version       bigint      NOT NULL
);

CREATE INDEX IF NOT EXISTS rowell_compliance_flags_developer_created ON rowell_compliance_flags (developer_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS rowell_compliance_flags_developer_risk ON rowell_compliance_flags (developer_id, risk_score DESC, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS rowell_compliance_flags_entity ON rowell_compliance_flags (entity_id);
