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

    /// <summary>The AdoNet providers on this database, as the AppHost and the Kubernetes manifests configure them.</summary>
    public IReadOnlyDictionary<string, string> SiloEnvironment()
    {
        var environment = AppHostContract.ProviderEnvironment.ToDictionary(e => e.Key, e => e.Value);
        environment[$"ConnectionStrings__{AppHostContract.DatabaseResource}"] = connectionString;
        return environment;
    }

    /// <summary><c>pgbench -N -c 16 -j 2</c> for <paramref name="duration"/> on a scale-10 pgbench database; its tps.</summary>
    public Task<double> PgBenchAsync(TimeSpan duration) => Task.Run(() =>
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Database = "pgbench" };
        string[] connection = ["-h", target.Host!, "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-U", target.Username ?? "postgres"];
        var environment = new Dictionary<string, string> { ["PGPASSWORD"] = target.Password ?? "" };
        Shell.Run(pgbench, ["-i", "-q", "-s", "10", .. connection, "pgbench"], TimeSpan.FromMinutes(5), environment);
        var output = Shell.Run(pgbench, ["-N", "-c", "16", "-j", "2", "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), .. connection, "pgbench"], duration + TimeSpan.FromMinutes(2), environment);
        var tps = Tps().Match(output);
        return tps.Success ? double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException("No tps in pgbench's output:\n" + output);
    });

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

    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the server stops and is deleted when this process exits

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex Tps();
}
