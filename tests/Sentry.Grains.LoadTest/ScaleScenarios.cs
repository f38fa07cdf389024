using System.Diagnostics;
using System.Globalization;

namespace Sentry.Grains.LoadTest;

/// <summary>
/// How cost grows with state: one more comment on an issue that has N, one more event on an issue that has N, one more
/// history entry on a Seer run that has N (each its own grain, filled first), on either storage; then the first webhook
/// of each after its grain was deactivated (it reads the grain's history back); and the memory N distinct active issues
/// take and what idle deactivation gives back.
/// </summary>
public sealed class ScaleScenarios(Report report, string storage, LoadDriver driver, ServerProcess server, GrainCounter grains, SiloMetrics metrics, PostgresForLoadTest? database, LoadTestOptions options)
{
    private const int Probes = 200;

    /// <summary>Requests in flight per grain while filling: enough to keep its single writer busy (they queue in the grain).</summary>
    private const int FillConcurrency = 8;

    public async Task RunAsync()
    {
        var workload = new Workload(LoadTestRunner.Secret, options.Issues);
        var growths = new List<Growth>();
        foreach (var size in options.GrowSizes)
        {
            var commented = $"7{size:D9}";
            var evented = $"8{size:D9}";
            growths.Add(new Growth(Growth.Comments, size, n => workload.Comment(commented, n)));
            growths.Add(new Growth(Growth.Events, size, n => workload.Event(evented, n, alert: false)));
        }

        foreach (var size in options.SeerHistorySizes)
        {
            var issue = $"5{size:D9}";
            growths.Add(new Growth(Growth.SeerHistory, size, n => workload.SeerActivity(6_000_000_000L + size, issue, n)));
        }

        // Every grain fills at once: each is one writer (on PostgreSQL one commit at a time), so the fills overlap.
        Console.WriteLine($"  filling {growths.Count} grains ({string.Join(", ", growths.Select(g => $"{g.Size:N0} {g.What}"))}) ...");
        await Task.WhenAll(growths.Select(FillAsync));

        // Then one more, measured one grain at a time on a quiet silo.
        foreach (var growth in growths)
        {
            await ProbeAsync(growth);
        }

        // Deactivate every grain and let the silo finish doing so, and wake it with an unrelated webhook: the first
        // measured webhook must not pay for thousands of deactivations.
        await grains.CollectIdleAsync(TimeSpan.Zero);
        await SettleAsync();
        await driver.ClosedLoopAsync(() => workload.Issue("6999999999", "created"), 1, TimeSpan.MaxValue, 1);
        foreach (var growth in growths)
        {
            var first = await driver.ClosedLoopAsync(() => growth.Next(), 1, TimeSpan.MaxValue, 1);
            growth.AfterDeactivationMs = first.Latency.MaxMs;
        }

        foreach (var growth in growths)
        {
            report.AddGrowth(new GrowthResult(
                storage, growth.Scenario, growth.Size, growth.FillSeconds, growth.FillApplied, growth.Probe!.Latency.PercentileMs(50), growth.Probe.Latency.PercentileMs(99),
                growth.Probe.Errors, growth.StateBytesPerWebhook, growth.WalBytesPerWebhook, growth.AfterDeactivationMs));
        }

        foreach (var count in options.DistinctIssues)
        {
            await DistinctIssuesAsync(workload, count);
        }
    }

    /// <summary>Waits until the silo's activation count stops falling (at most 30 s).</summary>
    private async Task SettleAsync()
    {
        var last = await grains.ActivationsAsync();
        for (var waited = 0; waited < 60; waited++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var now = await grains.ActivationsAsync();
            if (now >= last)
            {
                return;
            }

            last = now;
        }
    }

    private async Task FillAsync(Growth growth)
    {
        var fill = Stopwatch.StartNew();
        var result = await driver.ClosedLoopAsync(() => growth.Next(), FillConcurrency, TimeSpan.MaxValue, growth.Size);
        growth.FillSeconds = fill.Elapsed.TotalSeconds;
        growth.FillApplied = result.Applied;
    }

    private async Task ProbeAsync(Growth growth)
    {
        var before = await metrics.SnapshotAsync();
        var walBefore = database is null ? (long?)null : await database.WalPositionAsync();
        growth.Probe = await driver.ClosedLoopAsync(() => growth.Next(), 1, TimeSpan.MaxValue, Probes);
        var webhooks = Math.Max(1, growth.Probe.Applied);
        growth.WalBytesPerWebhook = walBefore is { } lsn ? (await database!.WalPositionAsync() - lsn) / (double)webhooks : null;
        var after = await metrics.SnapshotAsync();
        growth.StateBytesPerWebhook = before is not null && after is not null
            ? (after.Value(SiloInstruments.StateBytes) - before.Value(SiloInstruments.StateBytes)) / webhooks
            : null;
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

    /// <summary>One growth scenario at one size: its own grain, the webhooks that grow it, and what was measured.</summary>
    private sealed class Growth(string what, int size, Func<long, WebhookRequest> make)
    {
        public const string Comments = "comments";
        public const string Events = "events";
        public const string SeerHistory = "Seer history entries";

        private long sent;

        public string What => what;
        public int Size => size;

        public string Scenario => what switch
        {
            Comments => "one more comment on an issue with N comments",
            Events => "one more event on an issue with N events",
            _ => "one more history entry on a Seer run with N",
        };

        public double FillSeconds { get; set; }
        public long FillApplied { get; set; }
        public LoadResult? Probe { get; set; }
        public double? StateBytesPerWebhook { get; set; }
        public double? WalBytesPerWebhook { get; set; }
        public double AfterDeactivationMs { get; set; }

        public WebhookRequest Next() => make(Interlocked.Increment(ref sent));
    }
}

/// <summary>One row of the growth table: the cost of one more webhook on a grain that already has <see cref="Size"/> entries.</summary>
public sealed record GrowthResult(
    string Storage,
    string Scenario,
    int Size,
    double FillSeconds,
    long FillApplied,
    double P50Ms,
    double P99Ms,
    long Errors,
    double? StateBytesPerWebhook,
    double? WalBytesPerWebhook,
    double AfterDeactivationMs);
