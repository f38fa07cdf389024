using Sentry.Grains.Testing;
using System.Globalization;

namespace Sentry.Grains.LoadTest;

/// <summary>
/// Runs the whole benchmark: the bare endpoint, then the Silo per storage (closed loop at each
/// concurrency, open loop at fractions of the best throughput), pgbench, the scale scenarios, and
/// prints the table.
/// </summary>
public sealed class LoadTestRunner(LoadTestOptions options)
{
    public const string Secret = "load-test-secret";
    private const string ClusterId = "loadtest";
    private const string ServiceId = "sentry-grains-loadtest";
    private readonly Report report = new();

    public async Task<int> RunAsync(string arguments)
    {
        var machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
        var command = $"dotnet run -c Release --project tests/Sentry.Grains.LoadTest -- {arguments}".TrimEnd();
        Console.WriteLine($"Sentry.Grains load test on {machine}");

        if (!options.ScaleOnly)
        {
            Console.WriteLine("Bare endpoint (Kestrel + HMAC, no Orleans):");
            await RunBareAsync();
        }

        await using var postgres = options.Storages.Contains("postgres") ? await PostgresForLoadTest.StartAsync(options.PostgresConnectionString) : null;
        foreach (var storage in options.Storages)
        {
            Console.WriteLine($"Sentry.Grains, {storage}:");
            await RunSiloAsync(storage, postgres);
            if (storage == "postgres")
            {
                report.Note(await postgres!.StorageTableAsync());
            }
        }

        if (postgres is not null && !options.ScaleOnly)
        {
            Console.WriteLine("Sentry.Grains, postgres, what the read side costs (fresh grains each, 64 connections):");
            await RunReadSideCostAsync(postgres);
        }

        if (postgres is not null && !options.ScaleOnly)
        {
            Console.WriteLine("pgbench -N -c 16 -j 2 on the same server:");
            var pgbench = await postgres.PgBenchAsync(options.Duration);
            var tps = pgbench.Tps;
            report.Note($"pgbench -N -c 16 -j 2 -T {options.Duration.TotalSeconds:F0}: {tps:F0} tps; per transaction {pgbench.DatabaseCpuMsPerTransaction:F3} ms of PostgreSQL CPU, {pgbench.WalBytesPerTransaction:N0} B of WAL");
            var pg64 = report.Find("sentry-grains postgres", "closed", 64);
            if (pg64 is not null && tps > 0)
            {
                report.Note($"PostgreSQL, 64 connections: {pg64.AppliedPerSecond:F0} applied webhooks/s = {pg64.AppliedPerSecond / tps:P0} of pgbench's tps (target 100%), p99 {pg64.Latency.PercentileMs(99):F1} ms (target 50 ms); " +
                    $"per applied webhook {pg64.WalBytesPerApplied:N0} B of WAL (target 4,096), {pg64.DatabaseCpuMsPerApplied:F2} ms of PostgreSQL CPU, {pg64.ServerCpuMsPerApplied:F2} ms of silo CPU");
            }
        }

        var bare64 = report.Find("bare", "closed", 64);
        var memory64 = report.Find("sentry-grains memory", "closed", 64);
        if (bare64 is not null && memory64 is not null)
        {
            report.Note($"In memory, 64 connections: {memory64.PerSecond:F0} req/s = {memory64.PerSecond / bare64.PerSecond:P0} of the bare endpoint's {bare64.PerSecond:F0} (target 50%), p99 {memory64.Latency.PercentileMs(99):F1} ms (target 20 ms)");
        }

        var markdown = report.Markdown(machine, command);
        Console.WriteLine();
        Console.WriteLine(markdown);
        // dotnet run starts the program in the project's folder: a relative path is taken from the repository's root.
        var json = Path.IsPathRooted(options.JsonPath) ? options.JsonPath : Path.Combine(RepositoryRoot(), options.JsonPath);
        Directory.CreateDirectory(Path.GetDirectoryName(json)!);
        await report.WriteJsonAsync(json, machine, command);
        Console.WriteLine($"JSON: {json}");
        return 0;
    }

    private async Task RunBareAsync()
    {
        var port = FreePorts.Next();
        await using var bare = await ServerProcess.StartAsync(typeof(LoadTestRunner).Assembly.Location, ["--bare-server", port.ToString(CultureInfo.InvariantCulture), Secret], port, new Dictionary<string, string>());
        using var driver = new LoadDriver(bare.Address);
        var workload = new Workload(Secret, options.Issues);
        await driver.ClosedLoopAsync(workload.Next, 16, TimeSpan.FromSeconds(2)); // warm up
        var levels = new Levels(report, "bare", bare, database: null, grains: null, metrics: null);
        foreach (var concurrency in options.Concurrency)
        {
            await levels.MeasureAsync(() => driver.ClosedLoopAsync(workload.Next, concurrency, options.Duration));
        }

        // The same open loop as for the Silo, at 80% of the bare endpoint's best: what this client can drive.
        await levels.MeasureAsync(() => driver.OpenLoopAsync(workload.Next, (int)(report.Best("bare") * 0.8), options.OpenLoopDuration));
    }

    private async Task RunSiloAsync(string storage, PostgresForLoadTest? postgres)
    {
        var target = $"sentry-grains {storage}";
        await using var silo = await StartSiloAsync(storage, postgres, options.SiloDll, options.ConnectionOptions);
        await using var grains = await GrainCounter.ConnectAsync(silo.GatewayPort, ServiceId, ClusterId);
        await using var metrics = SiloMetrics.Start(silo.Server.Pid);
        using var driver = new LoadDriver(silo.Server.Address);
        var workload = new Workload(Secret, options.Issues);
        await driver.ClosedLoopAsync(workload.Next, 16, TimeSpan.FromSeconds(2)); // warm up: JIT, connections, first activations
        var database = storage == "postgres" ? postgres : null;
        var levels = new Levels(report, target, silo.Server, database, grains, metrics);
        foreach (var concurrency in options.ScaleOnly ? [] : options.Concurrency)
        {
            await levels.MeasureAsync(() => driver.ClosedLoopAsync(workload.Next, concurrency, options.Duration));
        }

        var best = report.Best(target);
        foreach (var fraction in options.ScaleOnly ? [] : options.OpenLoopFractions)
        {
            var rate = Math.Max(1, (int)(best * fraction));
            var result = await levels.MeasureAsync(() => driver.OpenLoopAsync(workload.Next, rate, options.OpenLoopDuration));
            if (Math.Abs(fraction - 0.8) < 0.001)
            {
                report.Note($"{storage}, open loop at 80% of the best closed-loop throughput ({rate}/s) for {options.OpenLoopDuration.TotalSeconds:F0} s: p99 {result.Latency.PercentileMs(99):F1} ms (target {(database is null ? 250 : 100)} ms), {result.OverLimit} requests over the client's in-flight limit (target 0), {result.Errors - result.OverLimit} other errors");
            }
        }

        if (database is not null && !options.ScaleOnly)
        {
            await MeasureFeedLagAsync(driver, workload, levels, silo.Server.Address, rate: Math.Max(1, (int)(best * 0.5)));
        }

        if (report.Errors(target) > 0)
        {
            Console.WriteLine($"  {target} answered errors; its last warnings and errors:");
            foreach (var problem in silo.Server.Problems())
            {
                Console.WriteLine("    " + problem);
            }
        }

        if (metrics.Error is { } error)
        {
            report.Note($"{storage}: the silo's metrics could not be read ({error}); state bytes and the runtime columns are missing");
        }

        if (options.Scale)
        {
            await new ScaleScenarios(report, storage, driver, silo.Server, grains, metrics, database, options).RunAsync();
        }
    }

    /// <summary>
    /// A consumer follows the feed while webhooks arrive at half of the best closed-loop rate (the issue's "half of the
    /// maximum load"): how long from a webhook's receipt at the silo to its entry reaching the consumer.
    /// </summary>
    private async Task MeasureFeedLagAsync(LoadDriver driver, Workload workload, Levels levels, Uri silo, int rate)
    {
        await using var feed = new FeedFollower(silo, ProductionSecrets.ApiKey);
        await feed.StartAsync();
        var result = await levels.MeasureAsync(() => driver.OpenLoopAsync(workload.Next, rate, options.OpenLoopDuration));
        await feed.StopAsync();
        report.Note($"postgres, feed lag at half of the best closed-loop throughput ({rate}/s, {options.OpenLoopDuration.TotalSeconds:F0} s, webhook p99 {result.Latency.PercentileMs(99):F1} ms): " +
            $"{feed.Entries:N0} entries for {result.Applied:N0} applied webhooks in {feed.Polls:N0} long-polls; from the silo receiving the webhook to the consumer receiving its entry " +
            $"p50 {feed.Lag.PercentileMs(50):F1} ms, p99 {feed.Lag.PercentileMs(99):F1} ms, max {feed.Lag.MaxMs:F1} ms (target p99 < 1,000 ms)");
    }

    /// <summary>
    /// The same closed loop on two fresh silos over the same PostgreSQL, one with <c>ReadModel:Enabled=false</c> and one
    /// with the read side on, each on grains of its own (a fresh ServiceId): what the read model and feed cost.
    /// </summary>
    private async Task RunReadSideCostAsync(PostgresForLoadTest postgres)
    {
        var results = new Dictionary<bool, LoadResult>();
        foreach (var enabled in new[] { false, true })
        {
            var target = enabled ? "postgres, read side on" : "postgres, read side off";
            var extra = new Dictionary<string, string> { ["ReadModel__Enabled"] = enabled ? "true" : "false" };
            // A cluster of its own too: the silo measured before was killed, and a new silo in its cluster would first wait
            // for the membership to declare it dead.
            var id = $"{ServiceId}-{(enabled ? "on" : "off")}-{Guid.NewGuid():N}"[..48];
            await using var silo = await StartSiloAsync("postgres", postgres, options.SiloDll, options.ConnectionOptions, id, id, extra);
            using var driver = new LoadDriver(silo.Server.Address);
            var workload = new Workload(Secret, options.Issues);
            await driver.ClosedLoopAsync(workload.Next, 16, TimeSpan.FromSeconds(2));
            results[enabled] = await new Levels(report, target, silo.Server, postgres, grains: null, metrics: null)
                .MeasureAsync(() => driver.ClosedLoopAsync(workload.Next, 64, options.Duration));
        }

        var (off, on) = (results[false], results[true]);
        report.Note($"postgres, 64 connections, read side on vs off (same run, fresh grains each): {on.AppliedPerSecond:F0} vs {off.AppliedPerSecond:F0} applied webhooks/s = " +
            $"{1 - (on.AppliedPerSecond / off.AppliedPerSecond):P0} less throughput with the read model and feed (target at most 25 %); PostgreSQL CPU per applied webhook " +
            $"{on.DatabaseCpuMsPerApplied:F2} vs {off.DatabaseCpuMsPerApplied:F2} ms, WAL {on.WalBytesPerApplied:N0} vs {off.WalBytesPerApplied:N0} B");
    }

    private static async Task<Silo> StartSiloAsync(string storage, PostgresForLoadTest? postgres, string? siloDll, string? connectionOptions, string serviceId = ServiceId, string clusterId = ClusterId, IReadOnlyDictionary<string, string>? extra = null)
    {
        int httpPort = FreePorts.Next(), siloPort = FreePorts.Next(), gatewayPort = FreePorts.Next();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
            ["Sentry__ClientSecret"] = Secret,
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__ServiceId"] = serviceId,
            ["Orleans__Endpoints__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans__Endpoints__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1",
        };
        foreach (var (name, value) in ProductionSecrets.Environment)
        {
            environment[name] = value;
        }

        if (storage == "postgres")
        {
            foreach (var (name, value) in postgres!.SiloEnvironment(connectionOptions))
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var server = await ServerProcess.StartAsync(siloDll ?? SiloDll(), [], httpPort, environment);
        return new Silo(server, gatewayPort);
    }

    /// <summary>The folder of Sentry.Grains.sln above this binary (the current folder if there is none).</summary>
    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sentry.Grains.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? Environment.CurrentDirectory;
    }

    private static string SiloDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryRoot(), "src", "Sentry.Grains.Silo", "bin", configuration, "net10.0", "Sentry.Grains.Silo.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the Silo first ({configuration}): {dll}");
    }

    private sealed record Silo(ServerProcess Server, int GatewayPort) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
