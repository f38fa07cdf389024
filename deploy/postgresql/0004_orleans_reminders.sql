-- 0004: reminders (Microsoft.Orleans.Reminders.AdoNet), the final 10.4.2 contract: StartTime is
-- timestamptz (Orleans' 3.6.0 migration).
--
-- Contract (read by Orleans.Reminders.AdoNet's AdoNetReminderTable):
--   query keys  UpsertReminderRowKey, ReadReminderRowsKey, ReadReminderRowKey, ReadRangeRows1Key,
--               ReadRangeRows2Key, DeleteReminderRowKey, DeleteReminderRowsKey (all required)
--   parameters  @ServiceId, @GrainId, @ReminderName, @StartTime, @Period (milliseconds), @GrainHash,
--               @BeginHash, @EndHash, @Version
--   answers     rows of GrainId, ReminderName, StartTime, Period, Version; upsert answers the new
--               version, delete the number of rows deleted.

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId varchar(150) NOT NULL,
    GrainId varchar(150) NOT NULL,
    ReminderName varchar(150) NOT NULL,
    StartTime timestamptz(3) NOT NULL,
    Period bigint NOT NULL,
    GrainHash integer NOT NULL,
    Version integer NOT NULL,

    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- A database created by Orleans' scripts before 3.6 has StartTime without time zone (values are UTC)
-- and, before that, an integer Period.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_schema = current_schema() AND table_name = 'orleansreminderstable'
                 AND column_name = 'starttime' AND data_type = 'timestamp without time zone') THEN
        ALTER TABLE OrleansRemindersTable ALTER COLUMN StartTime TYPE timestamptz(3) USING StartTime AT TIME ZONE 'UTC';
    END IF;
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_schema = current_schema() AND table_name = 'orleansreminderstable'
                 AND column_name = 'period' AND data_type = 'integer') THEN
        ALTER TABLE OrleansRemindersTable ALTER COLUMN Period TYPE bigint;
    END IF;
END
$$;

DROP FUNCTION IF EXISTS upsert_reminder_row(varchar, varchar, varchar, timestamp, bigint, integer);
DROP FUNCTION IF EXISTS upsert_reminder_row(varchar, varchar, varchar, timestamp, integer, integer);

-- Creates or replaces a reminder and answers its new version.
CREATE OR REPLACE FUNCTION upsert_reminder_row(
    ServiceIdArg    varchar,
    GrainIdArg      varchar,
    ReminderNameArg varchar,
    StartTimeArg    timestamptz,
    PeriodArg       bigint,
    GrainHashArg    integer)
  RETURNS TABLE(version integer) AS
$func$
DECLARE
    VersionVar int := 0;
BEGIN
    INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    SELECT ServiceIdArg, GrainIdArg, ReminderNameArg, StartTimeArg, PeriodArg, GrainHashArg, 0
    ON CONFLICT (ServiceId, GrainId, ReminderName)
        DO UPDATE SET
            StartTime = excluded.StartTime,
            Period = excluded.Period,
            GrainHash = excluded.GrainHash,
            Version = OrleansRemindersTable.Version + 1
    RETURNING OrleansRemindersTable.Version INTO STRICT VersionVar;

    RETURN QUERY SELECT VersionVar AS version;
END
$func$ LANGUAGE plpgsql;

-- Deletes a reminder if its version still is VersionArg: 1 deleted, 0 not.
CREATE OR REPLACE FUNCTION delete_reminder_row(
    ServiceIdArg    varchar,
    GrainIdArg      varchar,
    ReminderNameArg varchar,
    VersionArg      integer)
  RETURNS TABLE(row_count integer) AS
$func$
DECLARE
    RowCountVar int := 0;
BEGIN
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = ServiceIdArg AND ServiceIdArg IS NOT NULL
      AND GrainId = GrainIdArg AND GrainIdArg IS NOT NULL
      AND ReminderName = ReminderNameArg AND ReminderNameArg IS NOT NULL
      AND Version = VersionArg AND VersionArg IS NOT NULL;

    GET DIAGNOSTICS RowCountVar = ROW_COUNT;
    RETURN QUERY SELECT RowCountVar;
END
$func$ LANGUAGE plpgsql;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
('UpsertReminderRowKey', '
    SELECT * FROM upsert_reminder_row(@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash);
'),
('ReadReminderRowsKey', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
      AND GrainId = @GrainId AND @GrainId IS NOT NULL;
'),
('ReadReminderRowKey', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
      AND GrainId = @GrainId AND @GrainId IS NOT NULL
      AND ReminderName = @ReminderName AND @ReminderName IS NOT NULL;
'),
('ReadRangeRows1Key', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
      AND GrainHash > @BeginHash AND @BeginHash IS NOT NULL
      AND GrainHash <= @EndHash AND @EndHash IS NOT NULL;
'),
('ReadRangeRows2Key', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
      AND ((GrainHash > @BeginHash AND @BeginHash IS NOT NULL)
        OR (GrainHash <= @EndHash AND @EndHash IS NOT NULL));
'),
('DeleteReminderRowKey', '
    SELECT * FROM delete_reminder_row(@ServiceId, @GrainId, @ReminderName, @Version);
'),
('DeleteReminderRowsKey', '
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
