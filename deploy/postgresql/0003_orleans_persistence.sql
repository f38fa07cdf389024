-- 0003: grain state (Microsoft.Orleans.Persistence.AdoNet), the final 10.4.2 contract: modifiedon is
-- timestamptz (Orleans' 3.6.0 migration).
--
-- Contract (read by Orleans.Persistence.AdoNet's AdoNetGrainStorage):
--   query keys  WriteToStorageKey, ReadFromStorageKey, ClearStorageKey (required), DeleteStorageKey
--               (needed when DeleteStateOnClear=true)
--   parameters  @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
--               @GrainIdExtensionString, @ServiceId, @GrainStateVersion (the ETag; NULL before the first
--               write), @PayloadBinary
--   answers     read: PayloadBinary, Version (by name); write, clear, delete: NewGrainStateVersion.
--               A write that answers the ETag it was given, or NULL, is a version conflict:
--               Orleans throws InconsistentStateException.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    grainidhash integer NOT NULL,
    grainidn0 bigint NOT NULL,
    grainidn1 bigint NOT NULL,
    graintypehash integer NOT NULL,
    graintypestring character varying(512) NOT NULL,
    grainidextensionstring character varying(512),
    serviceid character varying(150) NOT NULL,
    payloadbinary bytea,
    modifiedon timestamptz NOT NULL,
    version integer
);

-- A database created by Orleans' scripts before 3.6 has modifiedon without time zone (values are UTC).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_schema = current_schema() AND table_name = 'orleansstorage'
                 AND column_name = 'modifiedon' AND data_type = 'timestamp without time zone') THEN
        ALTER TABLE OrleansStorage ALTER COLUMN modifiedon TYPE timestamptz USING modifiedon AT TIME ZONE 'UTC';
    END IF;
END
$$;

CREATE INDEX IF NOT EXISTS ix_orleansstorage ON OrleansStorage USING btree (grainidhash, graintypehash);

-- Writes a grain's state if its version still is _grainstateversion (optimistic concurrency) and
-- answers the new version; answers _grainstateversion (or NULL for a first write) when it lost.
CREATE OR REPLACE FUNCTION writetostorage(
    _grainidhash integer,
    _grainidn0 bigint,
    _grainidn1 bigint,
    _graintypehash integer,
    _graintypestring character varying,
    _grainidextensionstring character varying,
    _serviceid character varying,
    _grainstateversion integer,
    _payloadbinary bytea)
    RETURNS TABLE(newgrainstateversion integer)
    LANGUAGE plpgsql
AS $function$
DECLARE
    _newGrainStateVersion integer := _grainstateversion;
    RowCountVar integer := 0;
BEGIN
    IF _grainstateversion IS NOT NULL THEN
        -- The state was read before: update it only if nobody else wrote since.
        UPDATE OrleansStorage
        SET payloadbinary = _payloadbinary,
            modifiedon = now(),
            version = version + 1
        WHERE grainidhash = _grainidhash AND _grainidhash IS NOT NULL
          AND graintypehash = _graintypehash AND _graintypehash IS NOT NULL
          AND grainidn0 = _grainidn0 AND _grainidn0 IS NOT NULL
          AND grainidn1 = _grainidn1 AND _grainidn1 IS NOT NULL
          AND graintypestring = _graintypestring AND _graintypestring IS NOT NULL
          AND ((_grainidextensionstring IS NOT NULL AND grainidextensionstring IS NOT NULL AND grainidextensionstring = _grainidextensionstring)
               OR (_grainidextensionstring IS NULL AND grainidextensionstring IS NULL))
          AND serviceid = _serviceid AND _serviceid IS NOT NULL
          AND version IS NOT NULL AND version = _grainstateversion;

        GET DIAGNOSTICS RowCountVar = ROW_COUNT;
        IF RowCountVar > 0 THEN
            _newGrainStateVersion := _grainstateversion + 1;
        END IF;
    ELSE
        -- First write of this grain. ON CONFLICT relies on ux_orleansstorage_grain (migration 0005):
        -- of two activations racing here (a split brain) exactly one inserts, the other gets NULL back
        -- (a version conflict) instead of a second row that would break every later read.
        INSERT INTO OrleansStorage
            (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring,
             serviceid, payloadbinary, modifiedon, version)
        SELECT _grainidhash, _grainidn0, _grainidn1, _graintypehash, _graintypestring, _grainidextensionstring,
               _serviceid, _payloadbinary, now(), 1
        WHERE NOT EXISTS
        (
            SELECT 1 FROM OrleansStorage
            WHERE grainidhash = _grainidhash AND _grainidhash IS NOT NULL
              AND graintypehash = _graintypehash AND _graintypehash IS NOT NULL
              AND grainidn0 = _grainidn0 AND _grainidn0 IS NOT NULL
              AND grainidn1 = _grainidn1 AND _grainidn1 IS NOT NULL
              AND graintypestring = _graintypestring AND _graintypestring IS NOT NULL
              AND ((_grainidextensionstring IS NOT NULL AND grainidextensionstring IS NOT NULL AND grainidextensionstring = _grainidextensionstring)
                   OR (_grainidextensionstring IS NULL AND grainidextensionstring IS NULL))
              AND serviceid = _serviceid AND _serviceid IS NOT NULL
        )
        ON CONFLICT DO NOTHING;

        GET DIAGNOSTICS RowCountVar = ROW_COUNT;
        IF RowCountVar > 0 THEN
            _newGrainStateVersion := 1;
        END IF;
    END IF;

    RETURN QUERY SELECT _newGrainStateVersion AS newgrainstateversion;
END
$function$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
('WriteToStorageKey', '
    SELECT * FROM writetostorage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
'),
('ReadFromStorageKey', '
    SELECT PayloadBinary, now() AS ModifiedOn, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
      AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
      AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
      AND GrainTypeString = @GrainTypeString AND GrainTypeString IS NOT NULL
      AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString = @GrainIdExtensionString)
           OR (@GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL))
      AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL;
'),
('ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
      AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
      AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
      AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
      AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
      AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString = @GrainIdExtensionString)
           OR (@GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL))
      AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
      AND Version IS NOT NULL AND Version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
    RETURNING Version AS NewGrainStateVersion;
'),
('DeleteStorageKey', '
    DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
      AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
      AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
      AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
      AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
      AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString = @GrainIdExtensionString)
           OR (@GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL))
      AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
      AND Version IS NOT NULL AND Version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
    RETURNING Version + 1 AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
