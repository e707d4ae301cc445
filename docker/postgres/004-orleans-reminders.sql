-- =============================================================================
-- Rowell :: Orleans ADO.NET schema for PostgreSQL -- part 4 of 4 (reminders)
--
-- Target: Microsoft.Orleans.Reminders.AdoNet 10.4.2, invariant "Npgsql",
--         PostgreSQL 15. Requires 001-orleans-main.sql (OrleansQuery).
-- Query keys (all 7 are required at startup): ReadReminderRowsKey,
-- ReadRangeRows1Key, ReadRangeRows2Key, ReadReminderRowKey,
-- UpsertReminderRowKey, DeleteReminderRowKey, DeleteReminderRowsKey.
--
-- Parameters the provider binds (RelationalOrleansQueries / DbStoredQueries.Columns):
--   @ServiceId, @GrainId (GrainId.ToString()), @ReminderName,
--   @StartTime (UTC DateTime -> timestamptz), @Period (milliseconds; int when it
--   fits, otherwise bigint), @GrainHash, @BeginHash, @EndHash (uint hashes
--   passed as signed int), @Version (the ETag, int).
-- Result columns read by name: GrainId, ReminderName, StartTime, Period
--   (read with GetInt64, hence bigint), Version.
-- Re-runnable and transaction-safe; see the header of 001-orleans-main.sql.
-- =============================================================================

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(150)   NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,  -- milliseconds
    GrainHash    integer        NOT NULL,  -- uniform hash of GrainId, as signed int
    Version      integer        NOT NULL,  -- ETag; 0 on insert, +1 per upsert

    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName
        PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo periodically loads the reminders of its hash-ring range
-- (ReadRangeRows1Key/2Key); without this index that is a full scan.
CREATE INDEX IF NOT EXISTS ix_orleansreminderstable_serviceid_grainhash
    ON OrleansRemindersTable (ServiceId, GrainHash);

-- Databases bootstrapped from pre-3.6 upstream scripts have
-- "timestamp without time zone" here; convert it (values were UTC).
DO $migrate$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_schema = current_schema()
                 AND table_name = 'orleansreminderstable'
                 AND column_name = 'starttime'
                 AND data_type = 'timestamp without time zone') THEN
        ALTER TABLE OrleansRemindersTable
            ALTER COLUMN StartTime TYPE timestamptz(3) USING StartTime AT TIME ZONE 'UTC';
    END IF;
END
$migrate$;

-- -----------------------------------------------------------------------------
-- upsert_reminder_row: register or re-register a reminder in one statement
-- (INSERT ... ON CONFLICT is atomic, so no lock dance is needed) and return
-- its new ETag: 0 for a new reminder, previous + 1 otherwise.
-- Argument names/types and TABLE(version integer) match the Orleans-shipped
-- function so CREATE OR REPLACE also works on an upstream-bootstrapped database.
-- -----------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION upsert_reminder_row(
    ServiceIdArg    varchar,
    GrainIdArg      varchar,
    ReminderNameArg varchar,
    StartTimeArg    timestamptz,
    PeriodArg       bigint,
    GrainHashArg    integer)
RETURNS TABLE (version integer)
LANGUAGE sql
AS $fn$
    INSERT INTO OrleansRemindersTable AS r
        (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES
        (ServiceIdArg, GrainIdArg, ReminderNameArg, StartTimeArg, PeriodArg, GrainHashArg, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = EXCLUDED.StartTime,
            Period    = EXCLUDED.Period,
            GrainHash = EXCLUDED.GrainHash,
            Version   = r.Version + 1
    RETURNING r.Version;
$fn$;

-- -----------------------------------------------------------------------------
-- Query texts (dollar-quoted; upsert refreshes them on re-run).
-- -----------------------------------------------------------------------------
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- All reminders of one grain. Binds @ServiceId, @GrainId.
('ReadReminderRowsKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainId = @GrainId;
$q$),

-- Hash-ring range that does not wrap (BeginHash < EndHash as signed ints):
-- (BeginHash, EndHash]. Binds @ServiceId, @BeginHash, @EndHash.
('ReadRangeRows1Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainHash > @BeginHash
  AND GrainHash <= @EndHash;
$q$),

-- Hash-ring range that wraps around: (BeginHash, max] + [min, EndHash].
-- Binds @ServiceId, @BeginHash, @EndHash.
('ReadRangeRows2Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$),

-- One reminder. Binds @ServiceId, @GrainId, @ReminderName.
('ReadReminderRowKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainId = @GrainId
  AND ReminderName = @ReminderName;
$q$),

-- Binds @ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash.
-- Returns the new ETag in column Version.
('UpsertReminderRowKey', $q$
SELECT version AS Version
FROM upsert_reminder_row(@ServiceId, @GrainId, @ReminderName,
                         @StartTime, @Period, @GrainHash);
$q$),

-- Delete one reminder if its ETag still matches. Always returns one row:
-- 1 = deleted, 0 = missing or stale ETag.
-- Binds @ServiceId, @GrainId, @ReminderName, @Version.
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId
      AND ReminderName = @ReminderName
      AND Version = @Version
    RETURNING 1
)
SELECT count(*)::integer AS row_count FROM deleted;
$q$),

-- Remove every reminder of the service (test/tooling path). Binds @ServiceId.
('DeleteReminderRowsKey', $q$
DELETE FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
