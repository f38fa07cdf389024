using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Sentry.Grains.Aspire;
using Sentry.Grains.Testing;

namespace Sentry.Grains.LoadTest;

/// <summary>
/// The PostgreSQL the load test measures on: one it is given (<c>--postgres CONNSTR</c>), or one it
/// starts like the tests do but with PostgreSQL's durable defaults (fsync on). The silo applies the
/// schema on start; pgbench runs against the same server.
/// </summary>
public sealed partial class PostgresForLoadTest : IAsyncDisposable
{
    private const string Database = "sentry_grains_loadtest";
    private readonly string connectionString;
    private readonly string pgbench;
    private readonly PostgresServer? server;

    private PostgresForLoadTest(string connectionString, string pgbench, PostgresServer? server)
    {
        this.connectionString = connectionString;
        this.pgbench = pgbench;
        this.server = server;
    }

    public static async Task<PostgresForLoadTest> StartAsync(string? given)
    {
        if (given is not null)
        {
            return new PostgresForLoadTest(given, "pgbench", null);
        }

        var server = PostgresServer.StartDurable();
        var admin = server.ConnectionString("postgres");
        foreach (var database in new[] { Database, "pgbench" })
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"  PostgreSQL started on 127.0.0.1:{server.Port} (fsync on)");
        return new PostgresForLoadTest(server.ConnectionString(Database), Path.Combine(server.Binaries, "pgbench"), server);
    }

    /// <summary>
    /// The AdoNet providers on this database, as the AppHost and the Kubernetes manifests configure them;
    /// <paramref name="connectionOptions"/> (Npgsql keywords, e.g. <c>Max Auto Prepare=20</c>) are added to the silo's connection string.
    /// </summary>
    public IReadOnlyDictionary<string, string> SiloEnvironment(string? connectionOptions = null)
    {
        var environment = AppHostContract.ProviderEnvironment.ToDictionary(e => e.Key, e => e.Value);
        environment[$"ConnectionStrings__{AppHostContract.DatabaseResource}"] = string.IsNullOrEmpty(connectionOptions)
            ? connectionString
            : new NpgsqlConnectionStringBuilder($"{connectionString};{connectionOptions}").ConnectionString;
        return environment;
    }

    /// <summary>
    /// <c>pgbench -N -c 16 -j 2</c> for <paramref name="duration"/> on a scale-10 pgbench database: its tps, and per
    /// transaction the server's CPU and WAL, to set beside the same per applied webhook.
    /// </summary>
    public async Task<PgBenchResult> PgBenchAsync(TimeSpan duration)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Database = "pgbench" };
        string[] connection = ["-h", target.Host!, "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-U", target.Username ?? "postgres"];
        var environment = new Dictionary<string, string> { ["PGPASSWORD"] = target.Password ?? "" };
        await Task.Run(() => Shell.Run(pgbench, ["-i", "-q", "-s", "10", .. connection, "pgbench"], TimeSpan.FromMinutes(5), environment));
        var cpu = CpuSeconds();
        var wal = await WalPositionAsync();
        var output = await Task.Run(() => Shell.Run(pgbench, ["-N", "-c", "16", "-j", "2", "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), .. connection, "pgbench"], duration + TimeSpan.FromMinutes(2), environment));
        var cpuSeconds = CpuSeconds() - cpu;
        var walBytes = await WalPositionAsync() - wal;
        var tps = Tps().Match(output);
        var transactions = Transactions().Match(output);
        if (!tps.Success || !transactions.Success)
        {
            throw new InvalidOperationException("No tps in pgbench's output:\n" + output);
        }

        var count = Math.Max(1, long.Parse(transactions.Groups[1].Value, CultureInfo.InvariantCulture));
        return new PgBenchResult(double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture), cpuSeconds * 1000 / count, walBytes / (double)count);
    }

    /// <summary>
    /// CPU seconds of the server: its postmaster and backends when the load test started it (other PostgreSQL servers on
    /// a shared machine are not counted), every process named <c>postgres</c> when it was given one.
    /// </summary>
    public double CpuSeconds() => server?.PostmasterProcessId() is { } pid ? ProcessStats.CpuSecondsOfTree(pid) : ProcessStats.CpuSecondsOfAll("postgres");

    /// <summary>PostgreSQL's current WAL insert position, in bytes from the start (<c>pg_current_wal_lsn()</c>).</summary>
    public async Task<long> WalPositionAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The grain storage table after a run (read once the silo stopped, so its backends flushed their statistics): rows,
    /// size, and how many updates were HOT (in place on the page, no index entries: cheaper in CPU and WAL).
    /// </summary>
    public async Task<string> StorageTableAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT n_live_tup, pg_total_relation_size(relid), n_tup_ins, n_tup_upd, n_tup_hot_upd
            FROM pg_stat_user_tables WHERE relname = 'orleansstorage'
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return "no OrleansStorage table";
        }

        var (rows, bytes, inserts, updates, hot) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        return $"OrleansStorage after the run: {rows:N0} rows, {bytes / (1 << 20):N0} MiB with indexes; {inserts:N0} inserts, {updates:N0} updates of which {(updates == 0 ? 0 : 100.0 * hot / updates):F0} % HOT";
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the server stops and is deleted when this process exits

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"number of transactions actually processed: ([0-9]+)")]
    private static partial Regex Transactions();
}

/// <summary>What pgbench measured: transactions per second, and per transaction PostgreSQL's CPU and WAL.</summary>
public sealed record PgBenchResult(double Tps, double DatabaseCpuMsPerTransaction, double WalBytesPerTransaction);
