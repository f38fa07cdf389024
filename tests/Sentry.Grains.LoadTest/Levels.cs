using System.Diagnostics;

namespace Sentry.Grains.LoadTest;

/// <summary>
/// Measures load levels on one target: around each, the server's, PostgreSQL's and the client's own CPU, PostgreSQL's
/// WAL position, and the silo's metrics (state bytes written, GC, thread pool, activations); after it, the server's RSS
/// and activations. Each level goes into the report.
/// </summary>
public sealed class Levels(Report report, string target, ServerProcess server, PostgresForLoadTest? database, GrainCounter? grains, SiloMetrics? metrics)
{
    public async Task<LoadResult> MeasureAsync(Func<Task<LoadResult>> level)
    {
        var metricsBefore = metrics is null ? null : await metrics.SnapshotAsync();
        var walBefore = database is null ? (long?)null : await database.WalPositionAsync();
        var serverCpu = ProcessStats.CpuSeconds(server.Pid);
        var databaseCpu = database?.CpuSeconds();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();

        var result = await level();

        var seconds = wall.Elapsed.TotalSeconds;
        result.ServerCpuSeconds = ProcessStats.CpuSeconds(server.Pid) - serverCpu;
        result.ServerCpuPercent = 100 * result.ServerCpuSeconds / seconds;
        result.DatabaseCpuSeconds = databaseCpu is { } before ? database!.CpuSeconds() - before : null;
        result.DatabaseCpuPercent = 100 * result.DatabaseCpuSeconds / seconds;
        result.ClientCpuPercent = 100 * (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds / seconds;
        result.WalBytes = walBefore is { } lsn ? await database!.WalPositionAsync() - lsn : null;
        result.ServerRssMiB = server.RssMiB();
        result.Grains = grains is null ? null : await grains.ActivationsAsync();
        var metricsAfter = metrics is null ? null : await metrics.SnapshotAsync();
        result.Silo = metricsBefore is not null && metricsAfter is not null ? SiloActivity.Between(metricsBefore, metricsAfter) : null;
        report.Add(target, result);
        return result;
    }
}
