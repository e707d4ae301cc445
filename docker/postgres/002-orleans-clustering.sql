-- =============================================================================
-- Rowell :: Orleans ADO.NET schema for PostgreSQL -- part 2 of 4 (clustering)
--
-- Target: Microsoft.Orleans.Clustering.AdoNet 10.4.2, invariant "Npgsql",
--         PostgreSQL 15. Requires 001-orleans-main.sql (OrleansQuery).
-- Provides all 9 query keys the clustering provider (silo and client side)
-- checks for at startup; a missing one fails startup with
-- "Not all required queries found".
--
-- Parameter names the provider binds (RelationalOrleansQueries / DbStoredQueries.Columns):
--   @DeploymentId (= ClusterId), @Address, @Port, @Generation (a SiloAddress is
--   always expanded into these three), @SiloName, @HostName, @Status,
--   @ProxyPort, @SuspectTimes, @StartTime, @IAmAliveTime, @Version.
-- Result columns are read by name: DeploymentId, Address, Port, Generation,
--   SiloName, HostName, Status, ProxyPort, SuspectTimes, StartTime,
--   IAmAliveTime, Version. Write queries that Orleans treats as "did it work?"
--   must return exactly one row with one numeric column (> 0 means success).
--
-- Times are timestamptz: Npgsql >= 6 sends DateTime(Kind=Utc) as timestamptz
-- and refuses to mix it with "timestamp without time zone".
-- Re-runnable and transaction-safe; see the header of 001-orleans-main.sql.
-- =============================================================================

-- One row per cluster (DeploymentId). Version is the optimistic-concurrency
-- token of the whole membership table: every membership insert/update must
-- present the version it last read and bumps it by one.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation (address + port + generation).
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,  -- long enough for an IPv6 literal
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,  -- Orleans SiloStatus; 3 = Active, 6 = Dead
    ProxyPort    integer        NULL,      -- gateway port, 0 when not a gateway
    SuspectTimes varchar(8000)  NULL,      -- "silo,time|silo,time", written by Orleans
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,

    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Databases bootstrapped from pre-3.6 Orleans scripts have "timestamp without
-- time zone" here, which Npgsql 6+ rejects for UTC DateTimes. Convert them in
-- place (stored values were UTC). Does nothing on a database built by this file.
DO $migrate$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_schema = current_schema()
                 AND table_name = 'orleansmembershipversiontable'
                 AND column_name = 'timestamp'
                 AND data_type = 'timestamp without time zone') THEN
        ALTER TABLE OrleansMembershipVersionTable
            ALTER COLUMN Timestamp TYPE timestamptz(3) USING Timestamp AT TIME ZONE 'UTC';
    END IF;

    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_schema = current_schema()
                 AND table_name = 'orleansmembershiptable'
                 AND column_name IN ('starttime', 'iamalivetime')
                 AND data_type = 'timestamp without time zone') THEN
        ALTER TABLE OrleansMembershipTable
            ALTER COLUMN StartTime    TYPE timestamptz(3) USING StartTime    AT TIME ZONE 'UTC',
            ALTER COLUMN IAmAliveTime TYPE timestamptz(3) USING IAmAliveTime AT TIME ZONE 'UTC';
    END IF;
END
$migrate$;

-- -----------------------------------------------------------------------------
-- insert_membership: add a silo row AND bump the table version, or do neither.
--
-- Instead of "insert, bump, roll back on failure" (which needs an exception
-- block, i.e. a subtransaction per call) we first lock the version row, but
-- only if it still carries the version the caller read. Under READ COMMITTED,
-- FOR UPDATE re-checks the predicate against the newest row version, so a
-- concurrent writer that bumped it makes us return 0 without touching
-- anything. While we hold the lock no one else can bump the version, so the
-- insert + bump below is safe to do without a savepoint.
--
-- Signature (argument names/types and the TABLE(row_count integer) result) is
-- kept compatible with the Orleans-shipped function of the same name so that
-- CREATE OR REPLACE also works on a database bootstrapped from those scripts.
-- -----------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION insert_membership(
    DeploymentIdArg varchar,
    AddressArg      varchar,
    PortArg         integer,
    GenerationArg   integer,
    SiloNameArg     varchar,
    HostNameArg     varchar,
    StatusArg       integer,
    ProxyPortArg    integer,
    StartTimeArg    timestamptz,
    IAmAliveTimeArg timestamptz,
    VersionArg      integer)
RETURNS TABLE (row_count integer)
LANGUAGE plpgsql
AS $fn$
DECLARE
    affected integer;
BEGIN
    PERFORM 1
      FROM OrleansMembershipVersionTable AS v
     WHERE v.DeploymentId = DeploymentIdArg
       AND v.Version = VersionArg
       FOR UPDATE;
    IF NOT FOUND THEN
        row_count := 0;          -- stale etag or unknown cluster
        RETURN NEXT;
        RETURN;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName,
         Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES
        (DeploymentIdArg, AddressArg, PortArg, GenerationArg, SiloNameArg, HostNameArg,
         StatusArg, ProxyPortArg, StartTimeArg, IAmAliveTimeArg)
    ON CONFLICT ON CONSTRAINT PK_MembershipTable_DeploymentId DO NOTHING;
    GET DIAGNOSTICS affected = ROW_COUNT;
    IF affected = 0 THEN
        row_count := 0;          -- this silo incarnation is already registered
        RETURN NEXT;
        RETURN;
    END IF;

    UPDATE OrleansMembershipVersionTable AS v
       SET Version = v.Version + 1,
           Timestamp = now()
     WHERE v.DeploymentId = DeploymentIdArg;

    row_count := 1;
    RETURN NEXT;
END
$fn$;

-- -----------------------------------------------------------------------------
-- update_membership: change a silo's status / suspicions / heartbeat AND bump
-- the table version, or do neither. Same locking approach as above.
-- -----------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION update_membership(
    DeploymentIdArg varchar,
    AddressArg      varchar,
    PortArg         integer,
    GenerationArg   integer,
    StatusArg       integer,
    SuspectTimesArg varchar,
    IAmAliveTimeArg timestamptz,
    VersionArg      integer)
RETURNS TABLE (row_count integer)
LANGUAGE plpgsql
AS $fn$
DECLARE
    affected integer;
BEGIN
    PERFORM 1
      FROM OrleansMembershipVersionTable AS v
     WHERE v.DeploymentId = DeploymentIdArg
       AND v.Version = VersionArg
       FOR UPDATE;
    IF NOT FOUND THEN
        row_count := 0;
        RETURN NEXT;
        RETURN;
    END IF;

    UPDATE OrleansMembershipTable AS m
       SET Status       = StatusArg,
           SuspectTimes = SuspectTimesArg,
           IAmAliveTime = IAmAliveTimeArg
     WHERE m.DeploymentId = DeploymentIdArg
       AND m.Address      = AddressArg
       AND m.Port         = PortArg
       AND m.Generation   = GenerationArg;
    GET DIAGNOSTICS affected = ROW_COUNT;
    IF affected = 0 THEN
        row_count := 0;          -- no such silo row; leave the version alone
        RETURN NEXT;
        RETURN;
    END IF;

    UPDATE OrleansMembershipVersionTable AS v
       SET Version = v.Version + 1,
           Timestamp = now()
     WHERE v.DeploymentId = DeploymentIdArg;

    row_count := 1;
    RETURN NEXT;
END
$fn$;

-- -----------------------------------------------------------------------------
-- Query texts. Dollar quoting ($q$) keeps the texts free of doubled quotes;
-- the upsert makes re-running this file refresh them.
-- -----------------------------------------------------------------------------
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Client/gateway discovery: active silos that expose a gateway port.
-- Binds @DeploymentId, @Status (= Active). Reads Address, ProxyPort, Generation.
('GatewaysQueryKey', $q$
SELECT m.Address, m.ProxyPort, m.Generation
FROM OrleansMembershipTable AS m
WHERE m.DeploymentId = @DeploymentId
  AND m.Status = @Status
  AND m.ProxyPort > 0;
$q$),

-- One silo's row plus the table version. The LEFT JOIN still yields the
-- version row when the silo row is missing (Orleans needs the version either way).
-- Binds @DeploymentId, @Address, @Port, @Generation.
('MembershipReadRowKey', $q$
SELECT v.DeploymentId,
       m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
       m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
       v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
       ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address
      AND m.Port = @Port
      AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;
$q$),

-- Every silo row of the cluster plus the table version. Binds @DeploymentId.
('MembershipReadAllKey', $q$
SELECT v.DeploymentId,
       m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
       m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
       v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
       ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;
$q$),

-- Create the cluster's version row if absent. Always returns exactly one row:
-- 1 if this call created it, 0 if it already existed. Binds @DeploymentId.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS row_count FROM created;
$q$),

-- Heartbeat. Orleans ignores the result, so a plain UPDATE is enough; it
-- deliberately does not bump the table version (heartbeats are not membership
-- changes). Binds @DeploymentId, @Address, @Port, @Generation, @IAmAliveTime.
('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId
  AND Address = @Address
  AND Port = @Port
  AND Generation = @Generation;
$q$),

-- Binds @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
-- @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version. Returns row_count.
('InsertMembershipKey', $q$
SELECT row_count FROM insert_membership(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$),

-- Binds @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes
-- (may be NULL), @IAmAliveTime, @Version. Returns row_count.
('UpdateMembershipKey', $q$
SELECT row_count FROM update_membership(
    @DeploymentId, @Address, @Port, @Generation, @Status,
    @SuspectTimes, @IAmAliveTime, @Version);
$q$),

-- Wipe a whole cluster (used by tests / tooling). Child rows first because of
-- the foreign key. Binds @DeploymentId.
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),

-- Housekeeping: drop rows of silos that are not Active (SiloStatus 3) and have
-- not heartbeated since the cutoff. Binds @DeploymentId, @IAmAliveTime (cutoff).
-- Missing from the base PostgreSQL script of some Orleans releases (PR #9125).
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND IAmAliveTime < @IAmAliveTime
  AND Status <> 3;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
