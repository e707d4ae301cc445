-- generation: bumped by every reconciliation write of a developer and mode (a day replaced, its weeks and months
-- derived again). Reconciled rollup rows change only then, so a reader may keep what it read of the reconciled
-- days for as long as (reconciled_until, generation) stays the same.
ALTER TABLE rowell_analytics_reconciled ADD COLUMN IF NOT EXISTS generation bigint NOT NULL DEFAULT 0;
