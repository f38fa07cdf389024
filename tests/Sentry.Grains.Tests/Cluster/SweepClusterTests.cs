using System.Text.Json;
using Sentry.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sentry.Grains.Tests.Cluster;

/// <summary>
/// Three real silo processes on one PostgreSQL database, each with the sweep configured every 3 seconds: the sweep is one
/// grain on a durable reminder, so the cluster sweeps once per interval, not once per silo — the fake Sentry is asked
/// about each issue exactly once per sweep — and drifted issues heal, whichever silo took their webhooks.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SweepClusterTests(ITestOutputHelper output)
{
    private const int Issues = 12;
    private const string ClientId = "cluster-test-client";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Three_silos_sweep_once_per_interval_and_heal_the_drifted_issues()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var database = await PostgresServer.Instance.CreateDatabaseAsync(nameof(SweepClusterTests));
        await using var sentry = await FakeSentry.StartAsync(ClientId, ServiceHost.Secret);
        await using var cluster = await SiloCluster.StartAsync(3, database, "sweep-" + Guid.NewGuid().ToString("N")[..6], new Dictionary<string, string>
        {
            ["Sentry__BaseUrl"] = sentry.BaseUrl.ToString(),
            ["Reconcile__SweepInterval"] = "00:00:03",
            ["Reconcile__RequestsPerSecond"] = "50",
            ["Reconcile__AfterTroubleDelay"] = "00:30:00",
        });
        var webhooks = cluster.Silos.Select(s => new WebhookClient(s.Http, ServiceHost.Secret)).ToList();
        output.WriteLine($"3 silos ready after {clock.Elapsed.TotalSeconds:0.0} s");

        var uuid = InstallationBodies.NewUuid();
        Assert.Equal("applied", await webhooks[0].SendOkAsync("installation", InstallationBodies.Created(uuid, InstallationBodies.NewCode())));
        await Eventually.ThatAsync(() => webhooks[1].GetJsonAsync($"/api/installations/{uuid}"), i => i?.GetProperty("status").GetString() == "installed", "installed", Patience);
        var ids = Enumerable.Range(0, Issues).Select(i => (7500000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var issue = IssueBodies.Issue(id);
            sentry.SetIssue(FakeSentry.DefaultOrganization, issue);
            Assert.Equal("applied", await webhooks[i % 3].SendOkAsync("issue", IssueBodies.Body("created", uuid, issue)));
        }

        output.WriteLine($"installed and {Issues} issues created after {clock.Elapsed.TotalSeconds:0.0} s");

        // Half of them are resolved in Sentry; those webhooks never arrive.
        var drifted = ids.Where((_, i) => i % 2 == 0).ToList();
        drifted.ForEach(id => sentry.UpdateIssue(FakeSentry.DefaultOrganization, id, issue => issue["status"] = "resolved"));

        // Two whole sweeps that saw every issue.
        var sweeps = await Eventually.ThatAsync(
            async () => Completed((await webhooks[2].GetJsonAsync("/api/reconcile/sweep"))!.Value).Where(s => s.Listed == Issues).ToList(),
            s => s.Count >= 2,
            "two complete sweeps of every issue",
            Patience);

        var reads = sentry.Calls.Where(c => c.Endpoint == FakeSentryEndpoint.Issue).ToList();
        foreach (var sweep in sweeps)
        {
            var during = reads.Where(c => c.At >= sweep.StartedAt && c.At <= sweep.CompletedAt).ToList();
            output.WriteLine($"sweep {sweep.Number} ({sweep.StartedAt:HH:mm:ss.fff}-{sweep.CompletedAt:HH:mm:ss.fff}): {during.Count} issue reads of {during.Select(c => c.IssueId).Distinct().Count()} issues");
            Assert.Equal(ids.Order(), during.Select(c => c.IssueId!).Order());
        }

        output.WriteLine($"two complete sweeps after {clock.Elapsed.TotalSeconds:0.0} s: numbers {string.Join(", ", sweeps.Select(s => s.Number))}; issue reads in all: {reads.Count}");
        Assert.Equal(sweeps.Count, sweeps.Select(s => s.Number).Distinct().Count());
        Assert.All(sweeps.Zip(sweeps.Skip(1)), pair => Assert.True(pair.Second.StartedAt >= pair.First.CompletedAt, "two sweeps overlapped"));
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var issue = (await webhooks[i % 3].GetJsonAsync($"/api/issues/{id}"))!.Value;
            Assert.Equal(drifted.Contains(id) ? "resolved" : "unresolved", issue.GetProperty("issue").GetProperty("status").GetString());
            Assert.Equal(drifted.Contains(id) ? "reconciled" : "webhook", issue.GetProperty("lastChangeSource").GetString());
        }
    }

    private static IEnumerable<Sweep> Completed(JsonElement status) =>
        status.GetProperty("recent").EnumerateArray()
            .Where(s => s.GetProperty("completedAt").ValueKind != JsonValueKind.Null)
            .Select(s => new Sweep(s.GetProperty("number").GetInt64(), s.GetProperty("startedAt").GetDateTimeOffset(), s.GetProperty("completedAt").GetDateTimeOffset(), s.GetProperty("listed").GetInt32()))
            .OrderBy(s => s.Number);

    private sealed record Sweep(long Number, DateTimeOffset StartedAt, DateTimeOffset CompletedAt, int Listed);
}
