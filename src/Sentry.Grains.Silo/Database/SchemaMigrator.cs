using Microsoft.Extensions.Options;
using Npgsql;

namespace Sentry.Grains.Silo.Database;

/// <summary>What one <see cref="SchemaMigrator.ApplyAsync"/> did.</summary>
/// <param name="Applied">The migrations applied now, in order.</param>
/// <param name="AlreadyApplied">How many of this binary's migrations the database already had.</param>
public sealed record SchemaApplyResult(IReadOnlyList<string> Applied, int AlreadyApplied);

/// <summary>
/// Applies <see cref="SchemaMigrations.All"/> to a PostgreSQL database, idempotently and safely when
/// several silos start at once: one connection takes a session advisory lock, makes sure the
/// <c>sentry_grains_schema_version</c> table exists, then applies each missing migration in its own
/// transaction together with its version row. An applied migration whose text changed is an error.
/// </summary>
public sealed partial class SchemaMigrator(IOptions<DatabaseOptions> options, TimeProvider time, ILogger<SchemaMigrator> logger)
{
    public const string VersionTable = "sentry_grains_schema_version";

    /// <summary>The advisory lock key every applier takes: "SentryGr" as a 64-bit integer.</summary>
    public const long AdvisoryLockKey = 0x53656E7472794772;

    public async Task<SchemaApplyResult> ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var started = time.GetTimestamp();
        var migrations = SchemaMigrations.All;

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        LogWaitingForLock(logger, connection.Database);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, $"""
                CREATE TABLE IF NOT EXISTS {VersionTable}
                (
                    version integer NOT NULL PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    orleans_version text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);

            var recorded = await ReadRecordedAsync(connection, cancellationToken);
            foreach (var (version, name, checksum) in recorded.Values)
            {
                var known = migrations.FirstOrDefault(m => m.Version == version);
                if (known is null)
                {
                    LogUnknownMigration(logger, name, version);
                }
                else if (!string.Equals(known.Checksum, checksum, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"Migration {known.Name} was applied to this database with checksum {checksum}, but this binary carries {known.Checksum}: a released migration was edited. Never change an applied migration; add a new numbered one.");
                }
            }

            var applied = new List<string>();
            foreach (var migration in migrations.Where(m => !recorded.ContainsKey(m.Version)))
            {
                await ApplyOneAsync(connection, migration, cancellationToken);
                applied.Add(migration.Name);
            }

            LogApplied(logger, connection.Database, applied.Count, migrations.Count - applied.Count, time.GetElapsedTime(started).TotalMilliseconds);
            return new SchemaApplyResult(applied, migrations.Count - applied.Count);
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            }
        }
    }

    private async Task ApplyOneAsync(NpgsqlConnection connection, SchemaMigration migration, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
        }
        catch (PostgresException error)
        {
            throw new InvalidOperationException($"Migration {migration.Name} failed and was rolled back: {error.MessageText} (SQLSTATE {error.SqlState}).", error);
        }

        await using (var record = new NpgsqlCommand(
            $"INSERT INTO {VersionTable} (version, name, checksum, orleans_version) VALUES (@version, @name, @checksum, @orleans)",
            connection,
            transaction))
        {
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("checksum", migration.Checksum);
            record.Parameters.AddWithValue("orleans", SchemaMigrations.OrleansVersion);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogMigrationApplied(logger, migration.Name, time.GetElapsedTime(started).TotalMilliseconds);
    }

    private static async Task<Dictionary<int, (int Version, string Name, string Checksum)>> ReadRecordedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var recorded = new Dictionary<int, (int, string, string)>();
        await using var command = new NpgsqlCommand($"SELECT version, name, checksum FROM {VersionTable} ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            recorded[reader.GetInt32(0)] = (reader.GetInt32(0), reader.GetString(1), reader.GetString(2));
        }

        return recorded;
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction)
        {
            CommandTimeout = (int)Math.Ceiling(options.Value.MigrationTimeout.TotalSeconds),
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying the schema to database {Database}: waiting for the schema lock")]
    private static partial void LogWaitingForLock(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Migration} in {ElapsedMs:0} ms")]
    private static partial void LogMigrationApplied(ILogger logger, string migration, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema of database {Database} is current: {Applied} migrations applied now, {AlreadyApplied} were already applied ({ElapsedMs:0} ms)")]
    private static partial void LogApplied(ILogger logger, string database, int applied, int alreadyApplied, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database has migration {Migration} (version {Version}) that this binary does not know: it was applied by a newer version")]
    private static partial void LogUnknownMigration(ILogger logger, string migration, int version);
}
