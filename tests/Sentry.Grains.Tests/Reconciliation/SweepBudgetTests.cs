using System.Text.Json;
using Sentry.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sentry.Grains.Tests.Reconciliation;

/// <summary>
/// The service with a share of 20 reads per second per organization, 8 issues reconciled at a time (more than the share
/// allows: the budget, not the machine, sets the pace), issue details only, no periodic sweep (the test starts one).
/// </summary>
public sealed class BudgetHost() : ReconcileHostFixture(
    $"--Reconcile:RequestsPerSecond={SweepBudgetTests.Share}",
    "--Reconcile:Burst=1",
    "--Reconcile:SweepConcurrency=8",
    "--Reconcile:ReadAutofix=false",
    "--Reconcile:SweepEnabled=false",
    "--Reconcile:AfterTroubleDelay=00:30:00");

/// <summary>
/// A sweep of hundreds of issues within one organization's budget: counted by the fake Sentry per second of its clock,
/// the reads never exceed the configured share and never reach Sentry's limit (no 429), though the sweep asks faster.
/// </summary>
public sealed class SweepBudgetTests(BudgetHost fixture, ITestOutputHelper output) : IClassFixture<BudgetHost>
{
    public const int Share = 20;
    private const int SentryLimit = 25;
    private const int Issues = 200;

    private ReconcileHost Host => fixture.Host;

    [Fact]
    public async Task A_sweep_of_hundreds_of_issues_never_exceeds_the_share_of_the_organizations_budget()
    {
        const string organization = "busy-org";
        Host.Sentry.SetRateLimit(organization, SentryLimit);
        var uuid = await Host.InstallAsync(organization);
        var ids = Enumerable.Range(0, Issues).Select(i => (7200000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) => await Host.CreateIssueAsync(uuid, id, organization));
        foreach (var id in ids.Where((_, i) => i % 10 == 0))
        {
            Host.Sentry.UpdateIssue(organization, id, issue => issue["priority"] = "low");
        }

        using (var started = await Host.Host.Http.PostAsync("/api/reconcile/sweep", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        }

        var sweep = await Eventually.ThatAsync(
            async () => (await Host.Host.Webhooks.GetJsonAsync("/api/reconcile/sweep"))!.Value.GetProperty("recent")[0],
            s => s.GetProperty("completedAt").ValueKind != JsonValueKind.Null,
            "the sweep to complete",
            TimeSpan.FromMinutes(2));

        var calls = Host.Sentry.Calls.Where(c => c.Organization == organization).ToList();
        var perSecond = calls.GroupBy(c => c.At.ToUnixTimeSeconds()).Select(g => g.Count()).ToList();
        var span = calls[^1].At - calls[0].At;
        output.WriteLine($"sweep of {Issues} issues: {calls.Count} reads of {organization} in {span.TotalSeconds:0.0} s ({calls.Count / span.TotalSeconds:0.0}/s on average); " +
            $"per second of the fake's clock: max {perSecond.Max()}, counts {string.Join(" ", perSecond)}; share {Share}/s, Sentry's limit {SentryLimit}/s; " +
            $"statuses {string.Join(", ", calls.GroupBy(c => c.Status).Select(g => $"{g.Key}: {g.Count()}"))}; outcomes {sweep.GetProperty("outcomes")}; drift {sweep.GetProperty("drift")}");

        Assert.Equal(Issues, sweep.GetProperty("listed").GetInt32());
        Assert.Equal(Issues, calls.Count(c => c.Endpoint == FakeSentryEndpoint.Issue));
        Assert.Equal(Issues, calls.Count);
        Assert.All(calls, c => Assert.Equal(200, c.Status));
        Assert.Equal(Issues / 10, sweep.GetProperty("drift").GetProperty("priority").GetInt32());

        // The budget held most reads back (the workers asked faster than the share), and paced what it let through; a read's latency may carry it over the edge of the fake's one-second window, by one at most.
        var waits = Host.Metrics.Of("sentry_grains.reconcile.budget_wait").Select(m => m.Value).ToList();
        output.WriteLine($"budget: {waits.Count} of {calls.Count} reads had to wait, up to {waits.DefaultIfEmpty(0).Max():0.000} s");
        Assert.True(waits.Count > Issues / 2, "the budget did not hold the reads back: the test does not exercise it");
        Assert.True(perSecond.Max() <= Share + 1, $"{perSecond.Max()} reads in one second, over the share of {Share}");
    }
}
