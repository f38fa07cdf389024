-- 0002: cluster membership (Microsoft.Orleans.Clustering.AdoNet), the final 10.4.2 contract:
-- timestamptz columns (Orleans' 3.6.0 migration) and CleanupDefunctSiloEntriesKey (3.7.0).
--
-- Contract (read by Orleans.Clustering.AdoNet's RelationalOrleansQueries / DbStoredQueries):
--   query keys  InsertMembershipVersionKey, InsertMembershipKey, UpdateMembershipKey, UpdateIAmAlivetimeKey,
--               MembershipReadRowKey, MembershipReadAllKey, GatewaysQueryKey, DeleteMembershipTableEntriesKey,
--               CleanupDefunctSiloEntriesKey (all required: the provider refuses to start without one)
--   parameters  @DeploymentId (the ClusterId), @Address, @Port, @Generation, @SiloName, @HostName, @Status,
--               @ProxyPort, @SuspectTimes, @StartTime, @IAmAliveTime, @Version
--   columns     DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
--               SuspectTimes, StartTime, IAmAliveTime, Version (read by name)
--   insert/update answer one integer row: > 0 applied, 0 lost the optimistic version race.
-- The optional CleanupDefunctSiloEntryKey that 10.4.2 also looks for is deliberately absent: it binds
-- its times as DbType.DateTime, which Npgsql refuses for UTC values, and without it Orleans uses
-- CleanupDefunctSiloEntriesKey.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    Timestamp timestamptz(3) NOT NULL DEFAULT now(),
    Version integer NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL,
    Address varchar(45) NOT NULL,
    Port integer NOT NULL,
    Generation integer NOT NULL,
    SiloName varchar(150) NOT NULL,
    HostName varchar(150) NOT NULL,
    Status integer NOT NULL,
    ProxyPort integer NULL,
    SuspectTimes varchar(8000) NULL,
    StartTime timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,

    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- A database created by Orleans' scripts before 3.6 has "timestamp without time zone" columns,
-- which Npgsql 6+ refuses to write UTC values into. Convert them (values are UTC); no-op otherwise.
DO $$
DECLARE
    col record;
BEGIN
    FOR col IN
        SELECT c.table_name, c.column_name
        FROM information_schema.columns c
        WHERE c.table_schema = current_schema()
          AND (c.table_name, c.column_name) IN (('orleansmembershipversiontable', 'timestamp'),
                                                ('orleansmembershiptable', 'starttime'),
                                                ('orleansmembershiptable', 'iamalivetime'))
          AND c.data_type = 'timestamp without time zone'
    LOOP
        EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE timestamptz(3) USING %I AT TIME ZONE ''UTC''',
                       col.table_name, col.column_name, col.column_name);
    END LOOP;
END
$$;

-- The functions below take timestamptz. Drop the timestamp-typed versions such an old database has,
-- so that CREATE OR REPLACE does not leave two overloads behind.
DROP FUNCTION IF EXISTS update_i_am_alive_time(varchar, varchar, integer, integer, timestamp);
DROP FUNCTION IF EXISTS insert_membership(varchar, varchar, integer, integer, varchar, varchar, integer, integer, timestamp, timestamp, integer);
DROP FUNCTION IF EXISTS update_membership(varchar, varchar, integer, integer, integer, varchar, timestamp, integer);

CREATE OR REPLACE FUNCTION update_i_am_alive_time(
    deployment_id varchar,
    address_arg varchar,
    port_arg integer,
    generation_arg integer,
    i_am_alive_time timestamptz)
  RETURNS void AS
$func$
BEGIN
    -- Orleans expects this never to fail and does not read an answer.
    UPDATE OrleansMembershipTable AS d
    SET IAmAliveTime = i_am_alive_time
    WHERE d.DeploymentId = deployment_id AND deployment_id IS NOT NULL
      AND d.Address = address_arg AND address_arg IS NOT NULL
      AND d.Port = port_arg AND port_arg IS NOT NULL
      AND d.Generation = generation_arg AND generation_arg IS NOT NULL;
END
$func$ LANGUAGE plpgsql;

-- 1 when the version row was created, 0 when it already existed.
CREATE OR REPLACE FUNCTION insert_membership_version(DeploymentIdArg varchar)
  RETURNS TABLE(row_count integer) AS
$func$
DECLARE
    RowCountVar int := 0;
BEGIN
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    SELECT DeploymentIdArg
    ON CONFLICT (DeploymentId) DO NOTHING;

    GET DIAGNOSTICS RowCountVar = ROW_COUNT;
    RETURN QUERY SELECT RowCountVar;
END
$func$ LANGUAGE plpgsql;

-- Inserts this silo's row and bumps the table version, both or neither: 1 applied, 0 when the row
-- exists or the version moved on (another silo wrote first; Orleans re-reads and retries).
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
  RETURNS TABLE(row_count integer) AS
$func$
DECLARE
    RowCountVar int := 0;
BEGIN
    BEGIN
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        SELECT DeploymentIdArg, AddressArg, PortArg, GenerationArg, SiloNameArg, HostNameArg, StatusArg,
               ProxyPortArg, StartTimeArg, IAmAliveTimeArg
        ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;

        GET DIAGNOSTICS RowCountVar = ROW_COUNT;

        UPDATE OrleansMembershipVersionTable
        SET Timestamp = now(), Version = Version + 1
        WHERE DeploymentId = DeploymentIdArg AND DeploymentIdArg IS NOT NULL
          AND Version = VersionArg AND VersionArg IS NOT NULL
          AND RowCountVar > 0;

        GET DIAGNOSTICS RowCountVar = ROW_COUNT;

        -- Undo the insert (this block's savepoint) when the version did not match. RAISE, not ASSERT:
        -- ASSERT does nothing when plpgsql.check_asserts is off.
        IF RowCountVar = 0 THEN
            RAISE EXCEPTION USING ERRCODE = 'assert_failure', MESSAGE = 'no rows affected, rollback';
        END IF;

        RETURN QUERY SELECT RowCountVar;
    EXCEPTION
    WHEN assert_failure THEN
        RETURN QUERY SELECT RowCountVar;
    END;
END
$func$ LANGUAGE plpgsql;

-- Updates this silo's row if the table version still is VersionArg, and bumps it: 1 applied, 0 lost the race.
CREATE OR REPLACE FUNCTION update_membership(
    DeploymentIdArg varchar,
    AddressArg      varchar,
    PortArg         integer,
    GenerationArg   integer,
    StatusArg       integer,
    SuspectTimesArg varchar,
    IAmAliveTimeArg timestamptz,
    VersionArg      integer)
  RETURNS TABLE(row_count integer) AS
$func$
DECLARE
    RowCountVar int := 0;
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable
        SET Timestamp = now(), Version = Version + 1
        WHERE DeploymentId = DeploymentIdArg AND DeploymentIdArg IS NOT NULL
          AND Version = VersionArg AND VersionArg IS NOT NULL;

        GET DIAGNOSTICS RowCountVar = ROW_COUNT;

        UPDATE OrleansMembershipTable
        SET Status = StatusArg, SuspectTimes = SuspectTimesArg, IAmAliveTime = IAmAliveTimeArg
        WHERE DeploymentId = DeploymentIdArg AND DeploymentIdArg IS NOT NULL
          AND Address = AddressArg AND AddressArg IS NOT NULL
          AND Port = PortArg AND PortArg IS NOT NULL
          AND Generation = GenerationArg AND GenerationArg IS NOT NULL
          AND RowCountVar > 0;

        GET DIAGNOSTICS RowCountVar = ROW_COUNT;

        IF RowCountVar = 0 THEN
            RAISE EXCEPTION USING ERRCODE = 'assert_failure', MESSAGE = 'no rows affected, rollback';
        END IF;

        RETURN QUERY SELECT RowCountVar;
    EXCEPTION
    WHEN assert_failure THEN
        RETURN QUERY SELECT RowCountVar;
    END;
END
$func$ LANGUAGE plpgsql;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
('UpdateIAmAlivetimeKey', '
    SELECT * FROM update_i_am_alive_time(@DeploymentId, @Address, @Port, @Generation, @IAmAliveTime);
'),
('InsertMembershipVersionKey', '
    SELECT * FROM insert_membership_version(@DeploymentId);
'),
('InsertMembershipKey', '
    SELECT * FROM insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
'),
('UpdateMembershipKey', '
    SELECT * FROM update_membership(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
        @IAmAliveTime, @Version);
'),
('MembershipReadRowKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    -- the version row comes back even when the silo has no row yet
    LEFT OUTER JOIN OrleansMembershipTable m ON v.DeploymentId = m.DeploymentId
        AND Address = @Address AND @Address IS NOT NULL
        AND Port = @Port AND @Port IS NOT NULL
        AND Generation = @Generation AND @Generation IS NOT NULL
    WHERE v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
'),
('MembershipReadAllKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT OUTER JOIN OrleansMembershipTable m ON v.DeploymentId = m.DeploymentId
    WHERE v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
'),
('DeleteMembershipTableEntriesKey', '
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
    DELETE FROM OrleansMembershipVersionTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
'),
('GatewaysQueryKey', '
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
      AND Status = @Status AND @Status IS NOT NULL
      AND ProxyPort > 0;
'),
('CleanupDefunctSiloEntriesKey', '
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
      AND IAmAliveTime < @IAmAliveTime
      AND Status != 3;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
