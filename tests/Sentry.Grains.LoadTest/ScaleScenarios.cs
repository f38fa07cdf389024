using System.Diagnostics;
using System.Globalization;

namespace Sentry.Grains.LoadTest;

/// <summary>
/// How cost grows with state: the write cost of one more comment or event on an issue that already
/// has N (comments are kept whole, events are bounded by Retention), and the memory N distinct active
/// issues take and what idle deactivation gives back.
/// </summary>
public sealed class ScaleScenarios(Report report, string storage, LoadDriver driver, ServerProcess server, GrainCounter grains, LoadTestOptions options)
{
    private const int Probes = 100;

    public async Task RunAsync()
    {
        var workload = new Workload(LoadTestRunner.Secret, options.Issues);
        foreach (var size in options.GrowSizes)
        {
            await GrowAsync(workload, "comments", size, (issue, n) => workload.Comment(issue, n));
            await GrowAsync(workload, "events", size, (issue, n) => workload.Event(issue, n, alert: false));
        }

        foreach (var count in options.DistinctIssues)
        {
            await DistinctIssuesAsync(workload, count);
        }
    }

    /// <summary>Comments are kept whole, so filling an issue with N of them writes about N²/2 comments' worth of state.</summary>
    private const int LargestCommentFillOnPostgres = 1_000;

    private async Task GrowAsync(Workload workload, string what, int size, Func<string, long, WebhookRequest> make)
    {
        if (storage == "postgres" && what == "comments" && size > LargestCommentFillOnPostgres)
        {
            report.AddScale(storage, $"one more comment on an issue with N comments", size.ToString("N0", CultureInfo.InvariantCulture),
                $"not run: filling one issue with {size:N0} comments would write about {size * (long)size / 2 * 150 / (1L << 30)} GiB of state to PostgreSQL (see the in-memory row for the per-write cost)");
            return;
        }

        var issue = $"{(what == "comments" ? 7 : 8)}{size:D9}";
        long next = 0;
        var fill = Stopwatch.StartNew();
        await driver.ClosedLoopAsync(() => make(issue, Interlocked.Increment(ref next)), 16, TimeSpan.MaxValue, size);
        fill.Stop();
        var probe = await driver.ClosedLoopAsync(() => make(issue, Interlocked.Increment(ref next)), 1, TimeSpan.MaxValue, Probes);
        report.AddScale(
            storage,
            $"one more {what[..^1]} on an issue with N {what}",
            size.ToString("N0", CultureInfo.InvariantCulture),
            $"p50 {probe.Latency.PercentileMs(50):F2} ms, p99 {probe.Latency.PercentileMs(99):F2} ms per webhook (filling took {fill.Elapsed.TotalSeconds:F1} s)");
    }

    private async Task DistinctIssuesAsync(Workload workload, int count)
    {
        await grains.CollectIdleAsync(TimeSpan.Zero);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = server.RssMiB();
        var activationsBefore = await grains.ActivationsAsync();
        long next = 0;
        var prefix = 9_000_000_000L + (count * 10L);
        var run = Stopwatch.StartNew();
        var result = await driver.ClosedLoopAsync(() => workload.Issue((prefix + Interlocked.Increment(ref next)).ToString(CultureInfo.InvariantCulture), "created"), 64, TimeSpan.MaxValue, count);
        run.Stop();
        var after = server.RssMiB();
        var activations = await grains.ActivationsAsync();

        await grains.CollectIdleAsync(TimeSpan.Zero);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var collected = server.RssMiB();
        var remaining = await grains.ActivationsAsync();
        report.AddScale(
            storage,
            "N distinct issues activated (one issue.created each)",
            count.ToString("N0", CultureInfo.InvariantCulture),
            $"{count / run.Elapsed.TotalSeconds:F0}/s, {result.Errors} errors; activations {activationsBefore} -> {activations}; RSS {before:F0} -> {after:F0} MiB " +
            $"({(after - before) * 1024 * 1024 / Math.Max(1, activations - activationsBefore):F0} B per active grain); after idle deactivation {remaining} activations, RSS {collected:F0} MiB");
    }
}
