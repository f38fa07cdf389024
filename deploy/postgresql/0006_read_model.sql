-- 0006 (ours): the read side. One row per issue, Seer run, metric alert and installation, and the change feed, written
-- only from what grains committed (src/Sentry.Grains.Silo/ReadModel/PostgresReadModelStore.cs).
--
-- sentry_grains_rows: the newest row each grain published (version-gated upserts never move a row back). The row is
-- kept as JSON (what the list API answers); equality filters use jsonb containment on a GIN index, sorting and
-- keyset paging use the typed columns.
CREATE TABLE IF NOT EXISTS sentry_grains_rows
(
    service_id text NOT NULL,
    resource text NOT NULL,
    key text NOT NULL,
    version bigint NOT NULL,
    updated_at timestamptz,
    last_seen timestamptz,
    row jsonb NOT NULL,
    PRIMARY KEY (service_id, resource, key)
);

CREATE INDEX IF NOT EXISTS ix_sentry_grains_rows_updated
    ON sentry_grains_rows (service_id, resource, updated_at DESC NULLS LAST, length(key), key);
CREATE INDEX IF NOT EXISTS ix_sentry_grains_rows_last_seen
    ON sentry_grains_rows (service_id, resource, last_seen DESC NULLS LAST, length(key), key);
CREATE INDEX IF NOT EXISTS ix_sentry_grains_rows_row
    ON sentry_grains_rows USING gin (row jsonb_path_ops);

-- sentry_grains_changes: the change feed. An entry's cursor is (xid, id): the transaction that published it and its
-- sequence number. Readers take only entries of transactions older than every transaction still running
-- (pg_snapshot_xmin), in (xid, id) order, so an entry that commits late can never appear behind a cursor a reader
-- already passed: no gaps. A retried publish of the same change (service, resource, key, version) is ignored.
CREATE TABLE IF NOT EXISTS sentry_grains_changes
(
    id bigserial PRIMARY KEY,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    service_id text NOT NULL,
    kind text NOT NULL,
    resource text NOT NULL,
    key text NOT NULL,
    version bigint NOT NULL,
    at timestamptz NOT NULL,
    data jsonb NOT NULL,
    UNIQUE (service_id, resource, key, version)
);

CREATE INDEX IF NOT EXISTS ix_sentry_grains_changes_cursor ON sentry_grains_changes (service_id, xid, id);
CREATE INDEX IF NOT EXISTS ix_sentry_grains_changes_at ON sentry_grains_changes (at);

-- How far retention has removed entries, per service: a reader whose cursor lies before it missed entries (410).
CREATE TABLE IF NOT EXISTS sentry_grains_changes_pruned
(
    service_id text PRIMARY KEY,
    xid xid8 NOT NULL,
    id bigint NOT NULL
);
