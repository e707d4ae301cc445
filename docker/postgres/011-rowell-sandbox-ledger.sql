-- The sandbox ledger's books in cluster mode. A payment is one call to sandbox_apply_payment:
-- the debit, the fee, the credit and the transaction row commit together or not at all,
-- and a repeated payment id returns the first record instead of paying twice.

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

-- Fees are burnt, as on Stellar (they go to the network, not to an account): the books balance as
-- sum(balances) + sum(fee_minor of transactions) = sum(starting balances + faucet credits).
-- Crediting a fee-pool row would make every payment queue on that one row.
CREATE OR REPLACE FUNCTION sandbox_apply_payment(
    p_payment_id text, p_hash text, p_network text, p_from text, p_to text,
    p_asset text, p_amount bigint, p_fee_asset text, p_fee bigint,
    p_submitted_at timestamptz, p_settles_at timestamptz, p_fails boolean)
RETURNS SETOF sandbox_transactions
LANGUAGE plpgsql AS $fn$
DECLARE
    v_need_asset bigint := p_amount + CASE WHEN p_asset = p_fee_asset THEN p_fee ELSE 0 END;
    v_have_asset bigint;
    v_have_fee bigint;
    v_funded boolean;
    v_ok boolean;
BEGIN
    -- Claim the payment id first. A concurrent claim of the same id waits here for the first
    -- to commit and then finds it, so one payment id moves money at most once.
    INSERT INTO sandbox_transactions (hash, payment_id, network, from_address, to_address, asset,
                                      amount_minor, fee_minor, succeeded, failure_code, submitted_at, settles_at)
    VALUES (p_hash, p_payment_id, p_network, p_from, p_to, p_asset, p_amount, 0, false, 'in_progress',
            p_submitted_at, p_settles_at)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN QUERY SELECT * FROM sandbox_transactions WHERE payment_id = p_payment_id;
        RETURN;
    END IF;

    -- Lock every existing row this payment touches in one global order (address, asset), so two
    -- payments in opposite directions cannot deadlock.
    PERFORM 1 FROM sandbox_balances
      WHERE network = p_network
        AND ((address = p_from AND asset IN (p_asset, p_fee_asset)) OR (address = p_to AND asset = p_asset))
      ORDER BY address, asset
      FOR UPDATE;

    SELECT amount_minor INTO v_have_asset FROM sandbox_balances
     WHERE network = p_network AND address = p_from AND asset = p_asset;
    SELECT amount_minor INTO v_have_fee FROM sandbox_balances
     WHERE network = p_network AND address = p_from AND asset = p_fee_asset;

    v_funded := COALESCE(v_have_asset, 0) >= v_need_asset AND COALESCE(v_have_fee, 0) >= p_fee;
    v_ok := v_funded AND NOT p_fails;

    IF v_ok THEN
        UPDATE sandbox_balances SET amount_minor = amount_minor - v_need_asset
         WHERE network = p_network AND address = p_from AND asset = p_asset;
        IF p_asset <> p_fee_asset AND p_fee > 0 THEN
            UPDATE sandbox_balances SET amount_minor = amount_minor - p_fee
             WHERE network = p_network AND address = p_from AND asset = p_fee_asset;
        END IF;
        INSERT INTO sandbox_accounts (network, address) VALUES (p_network, p_to) ON CONFLICT DO NOTHING;
        INSERT INTO sandbox_balances AS b (network, address, asset, amount_minor)
             VALUES (p_network, p_to, p_asset, p_amount)
        ON CONFLICT (network, address, asset) DO UPDATE SET amount_minor = b.amount_minor + EXCLUDED.amount_minor;
    END IF;

    RETURN QUERY
    UPDATE sandbox_transactions
       SET succeeded = v_ok,
           fee_minor = CASE WHEN v_ok THEN p_fee ELSE 0 END,
           failure_code = CASE WHEN v_ok THEN NULL WHEN v_funded THEN 'tx_failed' ELSE 'op_underfunded' END
     WHERE payment_id = p_payment_id
    RETURNING *;
END
$fn$;
