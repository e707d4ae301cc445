-- =============================================================================
-- Rowell :: Orleans ADO.NET schema for PostgreSQL -- part 3 of 4 (grain storage)
--
-- Target: Microsoft.Orleans.Persistence.AdoNet 10.4.2, invariant "Npgsql",
--         PostgreSQL 15. Requires 001-orleans-main.sql (OrleansQuery).
-- Query keys: WriteToStorageKey, ReadFromStorageKey, ClearStorageKey and
-- DeleteStorageKey (the last one is only required when
-- AdoNetGrainStorageOptions.DeleteStateOnClear = true; we always ship it).
--
-- Parameters the provider binds (AdoNetGrainStorage.cs), all four keys:
--   @GrainIdHash int, @GrainIdN0 bigint, @GrainIdN1 bigint, @GrainTypeHash int,
--   @GrainTypeString text, @GrainIdExtensionString text (NULL for keys without
--   an extension), @ServiceId text
-- plus @GrainStateVersion int (NULL = never read/written) for write/clear/delete
-- and @PayloadBinary bytea for write.
-- Results read by name: PayloadBinary + Version (read), NewGrainStateVersion
-- (write); clear/delete are read by ordinal 0 (we still name it).
-- The ETag is the integer Version column. Returning the caller's version
-- unchanged (or nothing) is how a write reports an ETag conflict; Orleans then
-- throws InconsistentStateException.
-- Re-runnable and transaction-safe; see the header of 001-orleans-main.sql.
-- =============================================================================

-- One row per (service, grain type, grain id). Column names are lower case on
-- purpose (the provider's names match them case-insensitively).
-- modifiedon is timestamptz, i.e. the post-3.6.0 shape.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    grainidhash            integer                NOT NULL,
    grainidn0              bigint                 NOT NULL,
    grainidn1              bigint                 NOT NULL,
    graintypehash          integer                NOT NULL,
    graintypestring        character varying(512) NOT NULL,
    grainidextensionstring character varying(512) NULL,
    serviceid              character varying(150) NOT NULL,
    payloadbinary          bytea                  NULL,
    modifiedon             timestamptz            NOT NULL,
    version                integer                NULL
);

-- Every lookup filters on both hashes first; the remaining columns are checked
-- on the (few) rows that share the hashes.
CREATE INDEX IF NOT EXISTS ix_orleansstorage
    ON OrleansStorage USING btree (grainidhash, graintypehash);

-- Databases bootstrapped from the pre-3.6 upstream script have a
-- "timestamp without time zone" modifiedon; convert it (values were UTC).
DO $migrate$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_schema = current_schema()
                 AND table_name = 'orleansstorage'
                 AND column_name = 'modifiedon'
                 AND data_type = 'timestamp without time zone') THEN
        ALTER TABLE OrleansStorage
            ALTER COLUMN modifiedon TYPE timestamptz USING modifiedon AT TIME ZONE 'UTC';
    END IF;
END
$migrate$;

-- -----------------------------------------------------------------------------
-- writetostorage: optimistic write of one grain state.
--
--  * _grainstateversion NOT NULL: the grain has read (or written) the row
--    before. Update it only if the stored version still equals the caller's
--    ETag; return ETag+1 on success, the unchanged ETag on conflict.
--  * _grainstateversion NULL: first write. Insert version 1 unless a row
--    already exists; return 1 on success, NULL on conflict.
--
-- The first-write path takes a transaction-scoped advisory lock on the two
-- hashes before its NOT EXISTS check. Without it, two activations of the same
-- grain (possible during a split brain) could both pass the check under READ
-- COMMITTED and create duplicate rows, after which reads fail (the provider
-- expects at most one row). The (int4, int4) advisory key space is separate
-- from the single-bigint one used by the schema bootstrap lock. The lock is
-- released when the caller's transaction ends (Orleans runs each call in
-- autocommit), and only the rare first write of a grain pays for it.
--
-- Name, argument names/types and TABLE(newgrainstateversion integer) match the
-- Orleans-shipped function so CREATE OR REPLACE also works on a database that
-- was bootstrapped from the upstream scripts.
-- -----------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION writetostorage(
    _grainidhash            integer,
    _grainidn0              bigint,
    _grainidn1              bigint,
    _graintypehash          integer,
    _graintypestring        character varying,
    _grainidextensionstring character varying,
    _serviceid              character varying,
    _grainstateversion      integer,
    _payloadbinary          bytea)
RETURNS TABLE (newgrainstateversion integer)
LANGUAGE plpgsql
AS $fn$
DECLARE
    affected integer;
BEGIN
    IF _grainstateversion IS NOT NULL THEN
        UPDATE OrleansStorage AS s
           SET payloadbinary = _payloadbinary,
               modifiedon    = now(),
               version       = s.version + 1
         WHERE s.grainidhash     = _grainidhash
           AND s.graintypehash   = _graintypehash
           AND s.grainidn0       = _grainidn0
           AND s.grainidn1       = _grainidn1
           AND s.graintypestring = _graintypestring
           AND s.grainidextensionstring IS NOT DISTINCT FROM _grainidextensionstring
           AND s.serviceid       = _serviceid
           AND s.version         = _grainstateversion;
        GET DIAGNOSTICS affected = ROW_COUNT;

        newgrainstateversion := CASE WHEN affected > 0
                                     THEN _grainstateversion + 1
                                     ELSE _grainstateversion END;
        RETURN NEXT;
        RETURN;
    END IF;

    -- First write of this grain state: serialize racing inserters.
    PERFORM pg_advisory_xact_lock(_grainidhash, _graintypehash);

    -- New statement => new snapshot under READ COMMITTED, so a row committed
    -- by whoever held the lock before us is visible here.
    INSERT INTO OrleansStorage
        (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
         grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
    SELECT _grainidhash, _grainidn0, _grainidn1, _graintypehash, _graintypestring,
           _grainidextensionstring, _serviceid, _payloadbinary, now(), 1
    WHERE NOT EXISTS (
        SELECT 1
          FROM OrleansStorage AS s
         WHERE s.grainidhash     = _grainidhash
           AND s.graintypehash   = _graintypehash
           AND s.grainidn0       = _grainidn0
           AND s.grainidn1       = _grainidn1
           AND s.graintypestring = _graintypestring
           AND s.grainidextensionstring IS NOT DISTINCT FROM _grainidextensionstring
           AND s.serviceid       = _serviceid);
    GET DIAGNOSTICS affected = ROW_COUNT;

    newgrainstateversion := CASE WHEN affected > 0 THEN 1 END;  -- NULL = conflict
    RETURN NEXT;
END
$fn$;

-- -----------------------------------------------------------------------------
-- Query texts (dollar-quoted; upsert refreshes them on re-run).
-- IS NOT DISTINCT FROM makes a NULL extension string match a NULL column.
-- -----------------------------------------------------------------------------
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
('WriteToStorageKey', $q$
SELECT newgrainstateversion AS NewGrainStateVersion
FROM writetostorage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
                    @GrainTypeString, @GrainIdExtensionString, @ServiceId,
                    @GrainStateVersion, @PayloadBinary);
$q$),

-- No row => Orleans treats the state as never written (ETag NULL).
-- A row with NULL PayloadBinary is a cleared state that keeps its version.
('ReadFromStorageKey', $q$
SELECT s.payloadbinary AS PayloadBinary,
       s.version       AS Version
FROM OrleansStorage AS s
WHERE s.grainidhash     = @GrainIdHash
  AND s.graintypehash   = @GrainTypeHash
  AND s.grainidn0       = @GrainIdN0
  AND s.grainidn1       = @GrainIdN1
  AND s.graintypestring = @GrainTypeString
  AND s.grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.serviceid       = @ServiceId;
$q$),

-- Clear keeps the row (and its version history) but drops the payload.
-- Returns the new version; no row => ETag conflict.
('ClearStorageKey', $q$
UPDATE OrleansStorage AS s
SET payloadbinary = NULL,
    modifiedon    = now(),
    version       = s.version + 1
WHERE s.grainidhash     = @GrainIdHash
  AND s.graintypehash   = @GrainTypeHash
  AND s.grainidn0       = @GrainIdN0
  AND s.grainidn1       = @GrainIdN1
  AND s.graintypestring = @GrainTypeString
  AND s.grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.serviceid       = @ServiceId
  AND s.version         = @GrainStateVersion
RETURNING s.version AS NewGrainStateVersion;
$q$),

-- DeleteStateOnClear = true: remove the row. The provider compares the
-- returned value with the ETag, so we return version + 1 (anything different
-- from the ETag means success); no row => ETag conflict.
('DeleteStorageKey', $q$
DELETE FROM OrleansStorage AS s
WHERE s.grainidhash     = @GrainIdHash
  AND s.graintypehash   = @GrainTypeHash
  AND s.grainidn0       = @GrainIdN0
  AND s.grainidn1       = @GrainIdN1
  AND s.graintypestring = @GrainTypeString
  AND s.grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.serviceid       = @ServiceId
  AND s.version         = @GrainStateVersion
RETURNING s.version + 1 AS NewGrainStateVersion;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
