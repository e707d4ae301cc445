-- pgbench: the bare SQL a transfer needs at minimum — debit one balance row, credit another,
-- insert one ledger row — as one durable transaction.
\set src random(1, 200)
\set dst random(1, 200)
BEGIN;
UPDATE bench_balances SET amount_minor = amount_minor - 1000 WHERE id = :src;
UPDATE bench_balances SET amount_minor = amount_minor + 1000 WHERE id = :dst;
INSERT INTO bench_ledger (src, dst, amount_minor, created_at) VALUES (:src, :dst, 1000, now());
COMMIT;
