-- pgbench: the bare SQL a transfer needs at minimum — debit one balance row, credit another,
-- insert one ledger row — as one durable transaction. Both balance rows are updated by one
-- statement (rows locked in index order), so concurrent clients cannot deadlock.
\set src random(1, 200)
\set dst random(1, 200)
BEGIN;
UPDATE bench_balances SET amount_minor = amount_minor + CASE WHEN id = :src THEN -1000 ELSE 1000 END WHERE id IN (:src, :dst);
INSERT INTO bench_ledger (src, dst, amount_minor, created_at) VALUES (:src, :dst, 1000, now());
COMMIT;
