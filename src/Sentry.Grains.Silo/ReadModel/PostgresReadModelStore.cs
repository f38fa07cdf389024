using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using Sentry.Grains.ReadModel;

namespace Sentry.Grains.Silo.ReadModel;

/// <summary>
/// The read model in PostgreSQL (<c>deploy/postgresql/0006_read_model.sql</c>, <c>0007_read_model_leaner_writes.sql</c>), scoped to this Orleans ServiceId. A batch
/// of changes is one transaction of two statements: the feed entries (one <c>INSERT ... SELECT unnest(...)</c>, a retried
/// change ignored) and the rows (one version-gated upsert). Feed reads see only entries of transactions older than every
/// one still running, in (transaction, sequence) order: a reader never skips an entry that commits late.
/// </summary>
public sealed class PostgresReadModelStore(NpgsqlDataSource database, string serviceId) : IReadModelStore
{
    private static readonly JsonSerializerOptions StoredRowOptions = new(FeedJson.Options)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task ApplyAsync(IReadOnlyList<PendingChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        // In key order, rows and entries alike: two silos' batches touching the same grains lock them in the same order.
        changes = [.. changes.OrderBy(c => c.RowToPublish.Resource, StringComparer.Ordinal).ThenBy(c => c.RowToPublish.Key, StringComparer.Ordinal).ThenBy(c => c.Version)];
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var feed = new NpgsqlCommand(
            """
            INSERT INTO sentry_grains_changes (service_id, kind, resource, key, version, at, data)
            SELECT @service, c.kind, c.resource, c.key, c.version, c.at, c.data
            FROM unnest(@kinds, @resources, @keys, @versions, @ats, @datas) WITH ORDINALITY AS c(kind, resource, key, version, at, data, n)
            ORDER BY c.n
            ON CONFLICT (service_id, resource, key, version) DO NOTHING
            """,
            connection,
            transaction))
        {
            feed.Parameters.AddWithValue("service", serviceId);
            feed.Parameters.AddWithValue("kinds", changes.Select(c => c.Kind).ToArray());
            feed.Parameters.AddWithValue("resources", changes.Select(c => c.RowToPublish.Resource).ToArray());
            feed.Parameters.AddWithValue("keys", changes.Select(c => c.RowToPublish.Key).ToArray());
            feed.Parameters.AddWithValue("versions", changes.Select(c => c.Version).ToArray());
            feed.Parameters.AddWithValue("ats", changes.Select(c => c.At.UtcDateTime).ToArray());
            feed.Parameters.Add(new NpgsqlParameter("datas", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = FeedJson.DataOf(changes) });
            await feed.ExecuteNonQueryAsync(cancellationToken);
        }

        // The newest row per grain in this batch (an upsert may not touch one row twice).
        var rows = changes.Select(c => c.RowToPublish).GroupBy(r => (r.Resource, r.Key)).Select(g => g.MaxBy(r => r.Version)!).ToList();
        await using (var upsert = new NpgsqlCommand(
            """
            INSERT INTO sentry_grains_rows (service_id, resource, key, version, updated_at, last_seen, row)
            SELECT @service, r.resource, r.key, r.version, r.updated_at, r.last_seen, r.row
            FROM unnest(@resources, @keys, @versions, @updated, @lastSeen, @rows) AS r(resource, key, version, updated_at, last_seen, row)
            ON CONFLICT (service_id, resource, key) DO UPDATE
                SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at, last_seen = EXCLUDED.last_seen, row = EXCLUDED.row
                WHERE sentry_grains_rows.version < EXCLUDED.version
            """,
            connection,
            transaction))
        {
            upsert.Parameters.AddWithValue("service", serviceId);
            upsert.Parameters.AddWithValue("resources", rows.Select(r => r.Resource).ToArray());
            upsert.Parameters.AddWithValue("keys", rows.Select(r => r.Key).ToArray());
            upsert.Parameters.AddWithValue("versions", rows.Select(r => r.Version).ToArray());
            upsert.Parameters.Add(new NpgsqlParameter("updated", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => (object?)r.UpdatedAt?.UtcDateTime ?? DBNull.Value).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter("lastSeen", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => (object?)(r as IssueRow)?.LastSeen?.UtcDateTime ?? DBNull.Value).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter("rows", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = rows.Select(RowJson).ToArray() });
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task<Page<IssueRow>> ListIssuesAsync(IssueQuery query, CancellationToken cancellationToken)
    {
        var where = new Filter();
        where.Contains("projectSlug", query.Project, orMember: "projectId");
        where.Contains("status", query.Status);
        where.Contains("substatus", query.Substatus);
        where.Contains("priority", query.Priority);
        where.Contains("issueCategory", query.Category);
        where.Contains("seerStage", query.SeerStage is { } stage ? JsonSerializer.SerializeToNode(stage, FeedJson.Options) : null);
        where.Contains("hasPr", query.HasPr is { } hasPr ? JsonValue.Create(hasPr) : null);
        where.Assignee(query.Assignee);
        where.Since(query.UpdatedSince);
        return PageAsync<IssueRow>(IssueRow.ResourceName, where, query, query.Sort == IssueSort.LastSeen ? "last_seen" : "updated_at", cancellationToken);
    }

    public Task<Page<SeerRunRow>> ListSeerRunsAsync(SeerRunQuery query, CancellationToken cancellationToken)
    {
        var where = new Filter();
        where.Contains("stage", query.Stage is { } stage ? JsonSerializer.SerializeToNode(stage, FeedJson.Options) : null);
        where.Contains("hasPr", query.HasPr is { } hasPr ? JsonValue.Create(hasPr) : null);
        where.Contains("issueId", query.Issue);
        where.Since(query.UpdatedSince);
        if (query.Stalled is { } stalled)
        {
            where.Add(stalled ? "row->>'stalledSince' IS NOT NULL" : "row->>'stalledSince' IS NULL");
        }

        return PageAsync<SeerRunRow>(SeerRunRow.ResourceName, where, query, "updated_at", cancellationToken);
    }

    public Task<Page<MetricAlertRow>> ListMetricAlertsAsync(MetricAlertQuery query, CancellationToken cancellationToken)
    {
        var where = new Filter();
        where.Contains("status", query.Status);
        return PageAsync<MetricAlertRow>(MetricAlertRow.ResourceName, where, query, "updated_at", cancellationToken);
    }

    public async Task<Page<InstallationRow>> ListInstallationsAsync(InstallationQuery query, CancellationToken cancellationToken)
    {
        var where = new Filter();
        where.Contains("status", query.Status is { } status ? JsonSerializer.SerializeToNode(status, FeedJson.Options) : null);
        var position = "coalesce(row->>'organizationSlug', '') || E'\\n' || key";
        if (query.After is { } after)
        {
            where.Add($"{position} COLLATE \"C\" > @after COLLATE \"C\"");
            where.Parameters.Add(new NpgsqlParameter("after", after.Key));
        }

        var rows = await QueryRowsAsync<InstallationRow>(InstallationRow.ResourceName, where, $"ORDER BY {position} COLLATE \"C\"", query.Limit + 1, cancellationToken);
        var page = rows.Take(query.Limit).ToList();
        return new Page<InstallationRow>(page, rows.Count > query.Limit ? new PagePosition(null, $"{page[^1].OrganizationSlug}\n{page[^1].Key}") : null);
    }

    public async Task<ReadModelRow?> FindAsync(string resource, string key, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT row FROM sentry_grains_rows WHERE service_id = @service AND resource = @resource AND key = @key");
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("resource", resource);
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? ParseRow(resource, json) : null;
    }

    public async Task<FeedPage> ReadChangesAsync(FeedQuery query, CancellationToken cancellationToken)
    {
        // One snapshot for every statement of the read: where a filtered read continues must not pass an entry
        // that became visible between its statements.
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var pruned = await PrunedThroughAsync(connection, cancellationToken);
        if (pruned is { } through && query.After < through)
        {
            await using var oldest = new NpgsqlCommand("SELECT c.xid::text AS xid_text, c.id FROM sentry_grains_changes c WHERE c.service_id = @service ORDER BY c.xid, c.id LIMIT 1", connection);
            oldest.Parameters.AddWithValue("service", serviceId);
            await using var reader = await oldest.ExecuteReaderAsync(cancellationToken);
            var first = await reader.ReadAsync(cancellationToken) ? Cursor(reader, 0) : through;
            return new FeedPage([], query.After, Expired: true, Oldest: first);
        }

        // Only transactions older than every running one: none of them can still add an entry before this page's end.
        var kinds = query.Kinds.Count == 0 ? "" : " AND (c.kind = ANY(@kinds) OR split_part(c.kind, '.', 1) = ANY(@kinds))";
        await using var command = new NpgsqlCommand(
            $"""
            SELECT c.xid::text AS xid_text, c.id, c.kind, c.resource, c.key, c.version, c.at, c.data::text
            FROM sentry_grains_changes c
            WHERE c.service_id = @service AND (c.xid, c.id) > (@xid::text::xid8, @id) AND c.xid < pg_snapshot_xmin(pg_current_snapshot()){kinds}
            ORDER BY c.xid, c.id
            LIMIT @limit
            """,
            connection);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("xid", query.After.Transaction.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("id", query.After.Sequence);
        command.Parameters.AddWithValue("limit", query.Limit);
        if (query.Kinds.Count > 0)
        {
            command.Parameters.AddWithValue("kinds", query.Kinds.ToArray());
        }

        var entries = new List<FeedEntry>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(new FeedEntry(
                    Cursor(reader, 0),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetInt64(5),
                    new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero),
                    reader.GetString(7)));
            }
        }

        // With a filter, a page short of the limit has seen everything visible: continue after the newest visible entry.
        var next = entries.Count == query.Limit ? entries[^1].Cursor
            : query.Kinds.Count == 0 ? entries.LastOrDefault()?.Cursor ?? query.After
            : Max(query.After, await LatestAsync(connection, cancellationToken));
        return new FeedPage(entries, next, Expired: false, Oldest: null);
    }

    public async Task<FeedCursor> LatestCursorAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await LatestAsync(connection, cancellationToken);
    }

    public async Task<int> PruneChangesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            WITH boundary AS (
                SELECT xid, id FROM sentry_grains_changes WHERE service_id = @service AND at < @before ORDER BY xid DESC, id DESC LIMIT 1
            ), removed AS (
                DELETE FROM sentry_grains_changes c USING boundary b
                WHERE c.service_id = @service AND (c.xid, c.id) <= (b.xid, b.id)
                RETURNING c.xid, c.id
            ), marked AS (
                INSERT INTO sentry_grains_changes_pruned (service_id, xid, id)
                SELECT @service, xid, id FROM boundary
                ON CONFLICT (service_id) DO UPDATE SET xid = EXCLUDED.xid, id = EXCLUDED.id
                    WHERE (sentry_grains_changes_pruned.xid, sentry_grains_changes_pruned.id) < (EXCLUDED.xid, EXCLUDED.id)
            )
            SELECT count(*) FROM removed
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("before", before.UtcDateTime);
        var removed = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    private async Task<FeedCursor> LatestAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT c.xid::text AS xid_text, c.id FROM sentry_grains_changes c
            WHERE c.service_id = @service AND c.xid < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY c.xid DESC, c.id DESC LIMIT 1
            """,
            connection);
        command.Parameters.AddWithValue("service", serviceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Cursor(reader, 0) : FeedCursor.Start;
    }

    private async Task<FeedCursor?> PrunedThroughAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT xid::text, id FROM sentry_grains_changes_pruned WHERE service_id = @service", connection);
        command.Parameters.AddWithValue("service", serviceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Cursor(reader, 0) : null;
    }

    private async Task<Page<TRow>> PageAsync<TRow>(string resource, Filter where, PageQuery query, string sortColumn, CancellationToken cancellationToken)
        where TRow : ReadModelRow
    {
        if (query.After is { } after)
        {
            // Sort value descending with nulls last, then (length(key), key) ascending: the rows after the position.
            where.Add(after.SortValue is null
                ? $"{sortColumn} IS NULL AND (length(key), key COLLATE \"C\") > (@afterLength, @afterKey COLLATE \"C\")"
                : $"({sortColumn} IS NULL OR {sortColumn} < @afterSort OR ({sortColumn} = @afterSort AND (length(key), key COLLATE \"C\") > (@afterLength, @afterKey COLLATE \"C\")))");
            where.Parameters.Add(new NpgsqlParameter("afterLength", after.Key.Length));
            where.Parameters.Add(new NpgsqlParameter("afterKey", after.Key));
            if (after.SortValue is { } ticks)
            {
                where.Parameters.Add(new NpgsqlParameter("afterSort", NpgsqlDbType.TimestampTz) { Value = new DateTime(ticks, DateTimeKind.Utc) });
            }
        }

        var rows = await QueryRowsAsync<TRow>(resource, where, $"ORDER BY {sortColumn} DESC NULLS LAST, length(key), key COLLATE \"C\"", query.Limit + 1, cancellationToken);
        var page = rows.Take(query.Limit).ToList();
        return new Page<TRow>(page, rows.Count > query.Limit ? new PagePosition(SortValueOf(page[^1], sortColumn), page[^1].Key) : null);
    }

    private async Task<List<TRow>> QueryRowsAsync<TRow>(string resource, Filter where, string orderBy, int limit, CancellationToken cancellationToken)
        where TRow : ReadModelRow
    {
        await using var command = database.CreateCommand(
            $"SELECT row::text FROM sentry_grains_rows WHERE service_id = @service AND resource = @resource{where.Sql} {orderBy} LIMIT @limit");
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("resource", resource);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddRange(where.Parameters.ToArray());
        var rows = new List<TRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((TRow)ParseRow(resource, reader.GetString(0)));
        }

        return rows;
    }

    private static long? SortValueOf(ReadModelRow row, string sortColumn) =>
        (sortColumn == "last_seen" ? (row as IssueRow)?.LastSeen : row.UpdatedAt)?.UtcTicks;

    /// <summary>A row as stored: its null members left out (about a sixth of an issue's row), restored as nulls when read.</summary>
    private static string RowJson(ReadModelRow row) => JsonSerializer.Serialize(row, row.GetType(), StoredRowOptions);

    private static ReadModelRow ParseRow(string resource, string json) => resource switch
    {
        IssueRow.ResourceName => JsonSerializer.Deserialize<IssueRow>(json, FeedJson.Options)!,
        SeerRunRow.ResourceName => JsonSerializer.Deserialize<SeerRunRow>(json, FeedJson.Options)!,
        MetricAlertRow.ResourceName => JsonSerializer.Deserialize<MetricAlertRow>(json, FeedJson.Options)!,
        InstallationRow.ResourceName => JsonSerializer.Deserialize<InstallationRow>(json, FeedJson.Options)!,
        _ => throw new InvalidOperationException($"No row type for resource '{resource}'."),
    };

    private static FeedCursor Cursor(NpgsqlDataReader reader, int first) =>
        new(long.Parse(reader.GetString(first), CultureInfo.InvariantCulture), reader.GetInt64(first + 1));

    private static FeedCursor Max(FeedCursor a, FeedCursor b) => a > b ? a : b;

    /// <summary>The WHERE conditions of a list, with their parameters.</summary>
    private sealed class Filter
    {
        private const string Filters = "sentry_grains_row_filters(row)";

        private readonly StringBuilder sql = new();

        public List<NpgsqlParameter> Parameters { get; } = [];

        public string Sql => sql.ToString();

        public void Add(string condition) => sql.Append(" AND ").Append(condition);

        /// <summary>
        /// <c>{member: value}</c> is contained in the row's filter members (or the same for <paramref name="orMember"/>) when a
        /// value is given. A member filtered on must be one of <c>sentry_grains_row_filters</c> (migration 0007), whose
        /// GIN index serves these conditions.
        /// </summary>
        public void Contains(string member, JsonNode? value, string? orMember = null)
        {
            if (value is null)
            {
                return;
            }

            var name = $"p{Parameters.Count}";
            Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = new JsonObject { [member] = value.DeepClone() }.ToJsonString() });
            if (orMember is null)
            {
                Add($"{Filters} @> @{name}");
                return;
            }

            var other = $"p{Parameters.Count}";
            Parameters.Add(new NpgsqlParameter(other, NpgsqlDbType.Jsonb) { Value = new JsonObject { [orMember] = value.DeepClone() }.ToJsonString() });
            Add($"({Filters} @> @{name} OR {Filters} @> @{other})");
        }

        public void Contains(string member, string? value, string? orMember = null) => Contains(member, value is null ? null : JsonValue.Create(value), orMember);

        /// <summary>As <see cref="ReadModelFilters.MatchesAssignee"/>.</summary>
        public void Assignee(string? assignee)
        {
            switch (assignee)
            {
                case null:
                    return;
                case "none":
                    Add("row->>'assigneeType' IS NULL");
                    return;
                case ['#', .. var team]:
                    Contains("assigneeType", "team");
                    Contains("assigneeName", team, orMember: "assigneeId");
                    return;
                default:
                    Contains("assigneeType", "user");
                    var name = $"p{Parameters.Count}";
                    Parameters.Add(new NpgsqlParameter(name, assignee));
                    Add($"(row->>'assigneeEmail' = @{name} OR row->>'assigneeName' = @{name} OR row->>'assigneeId' = @{name})");
                    return;
            }
        }

        public void Since(DateTimeOffset? since)
        {
            if (since is { } at)
            {
                var name = $"p{Parameters.Count}";
                Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = at.UtcDateTime });
                Add($"updated_at >= @{name}");
            }
        }
    }
}
