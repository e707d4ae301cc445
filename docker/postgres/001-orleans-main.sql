-- =============================================================================
-- Rowell :: Orleans ADO.NET schema for PostgreSQL -- part 1 of 4 (main)
--
-- Target: Microsoft.Orleans.*.AdoNet 10.4.2 with invariant "Npgsql" (Npgsql 10),
--         PostgreSQL 15. Written for Rowell from the provider contract (table
--         names, column names, query keys and the @parameters the providers
--         bind); it is not a copy of the upstream scripts.
--
-- Apply order: 001-orleans-main -> 002-orleans-clustering ->
--              003-orleans-persistence -> 004-orleans-reminders.
--
-- Rules every file in this directory follows:
--   * Re-runnable: IF NOT EXISTS / CREATE OR REPLACE / upsert of query texts,
--     so applying the whole set twice is a no-op the second time.
--   * Transaction-safe: nothing that refuses to run inside a transaction block
--     (no CREATE INDEX CONCURRENTLY, no VACUUM, no explicit BEGIN/COMMIT), so
--     the application can apply all four files in ONE transaction guarded by
--     pg_advisory_xact_lock(...). Two processes racing to bootstrap the same
--     database must take that lock: concurrent, unlocked CREATE OR REPLACE
--     FUNCTION on the same function can fail with "tuple concurrently updated".
--   * Plain SQL only: no psql meta-commands, so the text can be sent as one
--     multi-statement command through Npgsql as well as run by psql -f.
-- =============================================================================

-- Every provider starts by reading this table once
-- (SELECT QueryKey, QueryText FROM OrleansQuery [WHERE QueryKey = ...]) and
-- afterwards only ever executes the texts stored here. A silo therefore has
-- to be restarted to pick up a changed query text.
-- Unquoted identifiers fold to lower case; Npgsql matches result column names
-- case-insensitively, so the provider's "QueryKey"/"QueryText" lookups work.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
