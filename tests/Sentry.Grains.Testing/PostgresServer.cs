using System.Globalization;
using Npgsql;

namespace Sentry.Grains.Testing;

/// <summary>
/// A PostgreSQL server from the installed binaries: initdb into a temp folder, a free port on
/// 127.0.0.1, stopped and deleted when this process exits (however it ends). As root it runs the
/// server as the unprivileged <c>postgres</c> user (initdb refuses root). <see cref="Instance"/> is the
/// one server of a test run (each test class makes its own database on it) with fsync and
/// synchronous_commit off to keep the run fast (TESTS ONLY); <see cref="StartDurable"/> keeps
/// PostgreSQL's durable defaults, for the load test. Without PostgreSQL binaries this fails with a
/// message saying what to install: tests are never skipped.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Started = new(() => Start(durable: false), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string binaries;
    private readonly string root;
    private readonly string? runAs;
    private readonly bool durable;

    private PostgresServer(string binaries, string root, string? runAs, int port, bool durable)
    {
        this.binaries = binaries;
        this.root = root;
        this.runAs = runAs;
        this.durable = durable;
        Port = port;
    }

    /// <summary>The test run's server (fsync off), started on first use.</summary>
    public static PostgresServer Instance => Started.Value;

    /// <summary>A new server with PostgreSQL's durable defaults (fsync on), e.g. for benchmarks.</summary>
    public static PostgresServer StartDurable() => Start(durable: true);

    /// <summary>The folder of the server binaries (initdb, pg_ctl, pgbench).</summary>
    public string Binaries => binaries;

    public int Port { get; }

    private string DataDirectory => Path.Combine(root, "data");

    private string LogFile => Path.Combine(root, "server.log");

    /// <summary>The server's main process (its backends are its children), from <c>postmaster.pid</c>; null when it is not running.</summary>
    public int? PostmasterProcessId()
    {
        try
        {
            var first = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Timeout = 5,
    }.ConnectionString;

    /// <summary>Creates an empty database <c>sentry_&lt;name&gt;_&lt;random&gt;</c> and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        var database = $"sentry_{new string([.. name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)])}_{Guid.NewGuid().ToString("N")[..8]}";
        // Unpooled: a pooled connection may be a dead one from before a restart.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(database);
    }

    /// <summary>Stops the server (fast shutdown: clients are disconnected), as in an outage.</summary>
    public void Stop() => PgCtl("stop", "-m", "fast", "-w", "-t", "60");

    /// <summary>Starts it again on the same port and data.</summary>
    public void Restart() => PgCtl(
        "start", "-w", "-t", "60", "-l", LogFile,
        "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} -c max_connections=400"
            + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"));

    private static PostgresServer Start(bool durable)
    {
        var binaries = FindBinaries();
        var root = Path.Combine(Path.GetTempPath(), "sentry-grains-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        string? runAs = null;
        if (Shell.Run("id", ["-u"]).Trim() == "0")
        {
            runAs = "postgres";
            try
            {
                Shell.Run("id", [runAs]);
            }
            catch (InvalidOperationException)
            {
                throw new InvalidOperationException("Running as root, PostgreSQL must run as an unprivileged user, but there is no 'postgres' user. Install Debian's postgresql package (it creates one), or run the tests as a normal user.");
            }

            Shell.Run("chown", [$"{runAs}:", root]);
        }

        var server = new PostgresServer(binaries, root, runAs, FreePorts.Next(), durable);
        server.Run("initdb", "-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
        server.Restart();
        server.StartWatchdog();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopNow();
        return server;
    }

    /// <summary>At the end of the test process: stop the server at once (the watchdog removes the folder).</summary>
    private void StopNow()
    {
        try
        {
            PgCtl("stop", "-m", "immediate", "-w", "-t", "30");
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException)
        {
            // Already stopped.
        }
    }

    /// <summary>
    /// A detached shell that waits for the test process to end, however it ends (the runner may kill
    /// it), then stops the server and deletes the temp folder.
    /// </summary>
    private void StartWatchdog()
    {
        var pgCtl = Path.Combine(binaries, "pg_ctl");
        var stop = runAs is null ? $"'{pgCtl}'" : $"runuser -u {runAs} -- '{pgCtl}'";
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; "
            + $"{stop} -D '{DataDirectory}' stop -m immediate -w >/dev/null 2>&1; rm -rf '{root}'";
        var start = new System.Diagnostics.ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "sh", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }

        System.Diagnostics.Process.Start(start)?.Dispose();
    }

    private void PgCtl(params string[] arguments) => Run("pg_ctl", ["-D", DataDirectory, .. arguments]);

    private string Run(string tool, params string[] arguments)
    {
        var path = Path.Combine(binaries, tool);
        return runAs is null
            ? Shell.Run(path, arguments)
            : Shell.Run("runuser", ["-u", runAs, "--", path, .. arguments]);
    }

    private static string FindBinaries()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1, Bin: Path.Combine(d, "bin")))
                .Where(d => File.Exists(Path.Combine(d.Bin, "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Bin)
                .FirstOrDefault()
            : null;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        return installed ?? onPath ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin or on PATH. The PostgreSQL tests start their own server: install Debian's 'postgresql' package (.ci/run does this).");
    }
}
