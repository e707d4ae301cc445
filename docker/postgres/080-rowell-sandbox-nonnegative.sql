-- The sandbox books never hold a negative balance: a last line of defence behind the payment statement's own
-- (numeric, overflow-free) decision. NOT VALID: enforced for every new or changed row without failing start-up
-- on a database that an older build may have left with a bad row. Idempotent.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'sandbox_balances_nonnegative') THEN
        ALTER TABLE sandbox_balances ADD CONSTRAINT sandbox_balances_nonnegative CHECK (amount_minor >= 0) NOT VALID;
    END IF;
END $$;
