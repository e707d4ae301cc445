-- The sandbox ledger's books in cluster mode. A payment (PostgresSandboxLedgerStore.ApplyPaymentSql)
-- commits the debit, the fee, the credit and the transaction row together or not at all, and a
-- repeated payment id returns the first record instead of paying twice.

CREATE TABLE IF NOT EXISTS sandbox_accounts (
    network    text        NOT NULL,
    address    text        NOT NULL,
    opened_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (network, address)
);

CREATE TABLE IF NOT EXISTS sandbox_balances (
    network       text   NOT NULL,
    address       text   NOT NULL,
    asset         text   NOT NULL,
    amount_minor  bigint NOT NULL CHECK (amount_minor >= 0),
    PRIMARY KEY (network, address, asset)
);

CREATE TABLE IF NOT EXISTS sandbox_transactions (
    hash           text        PRIMARY KEY,
    payment_id     text        NOT NULL UNIQUE,
    network        text        NOT NULL,
    from_address   text        NOT NULL,
    to_address     text        NOT NULL,
    asset          text        NOT NULL,
    amount_minor   bigint      NOT NULL,
    fee_minor      bigint      NOT NULL,
    succeeded      boolean     NOT NULL,
    failure_code   text,
    submitted_at   timestamptz NOT NULL,
    settles_at     timestamptz NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS sandbox_account_number START WITH 100001;

-- A payment is one statement, PostgresSandboxLedgerStore.ApplyPaymentSql (debit, fee, credit and the
-- transaction row together; fees are burnt, as on Stellar), which replaced this function: the function
-- cost Postgres a plan and an executor start per inner statement. The function stays for one release so
-- that silos of the previous release keep working during a rolling upgrade; drop it in the next.
CREATE OR REPLACE FUNCTION sandbox_apply_payment(
    p_payment_id text, p_hash text, p_network text, p_from text, p_to text,
    p_asset text, p_amount bigint, p_fee_asset text, p_fee bigint,
    p_submitted_at timestamptz, p_settles_at timestamptz, p_fails boolean)
RETURNS SETOF sandbox_transactions
LANGUAGE plpgsql AS $fn$
DECLARE
    v_need_asset bigint := p_amount + CASE WHEN p_asset = p_fee_asset THEN p_fee ELSE 0 END;
    v_have_asset bigint := 0;
    v_have_fee bigint := 0;
    v_funded boolean;
    v_ok boolean;
    b record;
BEGIN
    -- Lock every balance the payment touches, in one order for all payments (no deadlocks), reading the
    -- payer's as they are locked: one statement instead of a lock and two reads.
    FOR b IN SELECT address, asset, amount_minor FROM sandbox_balances
              WHERE network = p_network
                AND ((address = p_from AND asset IN (p_asset, p_fee_asset)) OR (address = p_to AND asset = p_asset))
              ORDER BY address, asset
              FOR UPDATE
    LOOP
        IF b.address = p_from AND b.asset = p_asset THEN v_have_asset := b.amount_minor; END IF;
        IF b.address = p_from AND b.asset = p_fee_asset THEN v_have_fee := b.amount_minor; END IF;
    END LOOP;

    -- A repeated payment id returns the first record. Checked after the locks: a concurrent duplicate
    -- that held them has committed by now and this statement's fresh snapshot sees it. (A payer with no
    -- balance rows takes no locks; two such duplicates then collide on payment_id's unique index and
    -- the loser fails without moving anything — its retry finds the winner here.)
    RETURN QUERY SELECT * FROM sandbox_transactions WHERE payment_id = p_payment_id;
    IF FOUND THEN
        RETURN;
    END IF;

    v_funded := v_have_asset >= v_need_asset AND v_have_fee >= p_fee;
    v_ok := v_funded AND NOT p_fails;

    IF v_ok THEN
        UPDATE sandbox_balances SET amount_minor = amount_minor - v_need_asset
         WHERE network = p_network AND address = p_from AND asset = p_asset;
        IF p_asset <> p_fee_asset AND p_fee > 0 THEN
            UPDATE sandbox_balances SET amount_minor = amount_minor - p_fee
             WHERE network = p_network AND address = p_from AND asset = p_fee_asset;
        END IF;
        INSERT INTO sandbox_accounts (network, address) VALUES (p_network, p_to) ON CONFLICT DO NOTHING;
        INSERT INTO sandbox_balances AS bal (network, address, asset, amount_minor)
             VALUES (p_network, p_to, p_asset, p_amount)
        ON CONFLICT (network, address, asset) DO UPDATE SET amount_minor = bal.amount_minor + EXCLUDED.amount_minor;
    END IF;

    -- The transaction row is written once, final: its outcome is decided now even if it "settles" later.
    RETURN QUERY
    INSERT INTO sandbox_transactions (hash, payment_id, network, from_address, to_address, asset,
                                      amount_minor, fee_minor, succeeded, failure_code, submitted_at, settles_at)
    VALUES (p_hash, p_payment_id, p_network, p_from, p_to, p_asset, p_amount,
            CASE WHEN v_ok THEN p_fee ELSE 0 END, v_ok,
            CASE WHEN v_ok THEN NULL WHEN v_funded THEN 'tx_failed' ELSE 'op_underfunded' END,
            p_submitted_at, p_settles_at)
    RETURNING *;
END
$fn$;
