-- Deposits: money that arrived in one of our wallets from outside. One row per ledger operation
-- (Horizon operation id / Hedera transaction id + asset), so the sync seeing a payment twice (a restart
-- re-reading a page) records it once. The row and its deposit.received event are written by ONE statement
-- (PostgresDepositStore.RecordSql), like every producer of rowell_events.

CREATE TABLE IF NOT EXISTS rowell_deposits (
    id                  text        PRIMARY KEY,
    developer_id        text        NOT NULL,
    account_id          text        NOT NULL,
    wallet_id           text        NOT NULL,
    network             text        NOT NULL,
    environment         text        NOT NULL,
    asset_code          text        NOT NULL,
    amount_minor        bigint      NOT NULL CHECK (amount_minor > 0),
    tx_hash             text        NOT NULL,
    ledger_operation_id text        NOT NULL,
    ledger_time         timestamptz NOT NULL,
    created_at          timestamptz NOT NULL,
    -- The DepositView as stored, read back whole.
    view                json        NOT NULL,
    UNIQUE (network, ledger_operation_id)
);

CREATE INDEX IF NOT EXISTS rowell_deposits_developer_created ON rowell_deposits (developer_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS rowell_deposits_account_created ON rowell_deposits (account_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS rowell_deposits_tx_hash ON rowell_deposits (tx_hash);

-- Every wallet address we hold, so the ledger sync matches a whole page of network-wide payments with one
-- indexed lookup (address = ANY(...)) instead of asking the ledger once per wallet.
CREATE TABLE IF NOT EXISTS rowell_wallet_addresses (
    network       text        NOT NULL,
    address       text        NOT NULL,
    wallet_id     text        NOT NULL,
    account_id    text        NOT NULL,
    developer_id  text        NOT NULL,
    environment   text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (network, address)
);

-- Where each network's inbound sync has read up to: Horizon's paging_token, the mirror node's consensus
-- timestamp. Advanced only after the page's deposits are recorded, so a restart re-reads, never skips.
CREATE TABLE IF NOT EXISTS rowell_ledger_sync_cursors (
    network      text        NOT NULL,
    environment  text        NOT NULL,
    cursor       text        NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (network, environment)
);
