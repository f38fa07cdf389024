using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Orleans.Runtime;
using Sentry.Grains.Issues;
using Sentry.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sentry.Grains.Tests.Cluster;

/// <summary>
/// Three real silo processes on one PostgreSQL database, under a load of signed webhooks spread across
/// their HTTP ports, while one of them dies (SIGKILL) or is stopped (SIGTERM). What was acknowledged
/// is never lost nor applied twice, and every issue ends as its last webhook said.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterTests(ITestOutputHelper output)
{
    private const int ParallelIssues = 24;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_silo_killed_under_load_loses_no_acknowledged_webhook_and_its_grains_reactivate_elsewhere()
    {
        var database = await PostgresServer.Instance.CreateDatabaseAsync(nameof(ClusterTests));
        var total = Stopwatch.StartNew();
        await using var cluster = await SiloCluster.StartAsync(3, database, "kill-" + Guid.NewGuid().ToString("N")[..6]);
        output.WriteLine($"3 silos ready in {total.Elapsed.TotalSeconds:0.0} s (HTTP ports {string.Join(", ", cluster.Silos.Select(s => s.Ports.Http))})");
        await using var external = await ExternalClient.ConnectAsync(database, cluster.ClusterId);
        var management = external.Client.GetGrain<IManagementGrain>(0);

        var plan = LoadPlan.Create(issues: 2000);
        using var load = new LoadClient(cluster.Silos.Select(s => s.Ports.Http));
        await using var feed = new FeedConsumer(cluster.Silos);
        feed.Start();
        var sending = Stopwatch.StartNew();
        var loadTask = load.SendAsync(plan, ParallelIssues);
        await Eventually.ThatAsync(() => Task.FromResult(load.Completed), c => c >= plan.Count / 2 || loadTask.IsCompleted, "half of the load", Patience);

        var victim = cluster.Silos[1];
        var victimAddress = (await management.GetHosts(onlyActive: true)).Keys.Single(a => a.Endpoint.Port == victim.Ports.Silo);
        var victimIssues = (await management.GetDetailedGrainStatistics(hostsIds: [victimAddress]))
            .Select(s => s.GrainId)
            .Where(id => id.Type.ToString() == "issue")
            .Select(id => id.Key.ToString()!)
            .ToList();
        victim.Kill();
        var killed = Stopwatch.StartNew();
        var completedAtKill = load.Completed;

        var declaredDead = Eventually.ThatAsync(() => cluster.MembershipStatusAsync(victim), s => s == 6, "the killed silo declared dead", Patience)
            .ContinueWith(_ => killed.Elapsed, TaskScheduler.Default);
        var survivors = cluster.Silos.Where(s => s != victim).ToList();
        var sample = victimIssues.Take(200).ToList();
        var reactivations = await Task.WhenAll(sample.Select((id, i) => FirstAnswerAsync(survivors[i % survivors.Count].Http, id, killed)));
        var deadAfter = await declaredDead;
        await loadTask;
        var loadTime = sending.Elapsed;

        var firstPass = Summarize(plan, load);
        await load.RedeliverAsync(plan, ParallelIssues);
        var afterRedelivery = Summarize(plan, load);

        output.WriteLine($"load: {plan.Count} webhooks for {plan.ByIssue.Count} issues, {ParallelIssues} issues at a time, across 3 silos, in {loadTime.TotalSeconds:0.0} s; silo {victim.Name} SIGKILLed after {completedAtKill} webhooks");
        output.WriteLine($"first delivery: {firstPass}");
        output.WriteLine($"after Sentry-style redelivery of the non-200s: {afterRedelivery}");
        output.WriteLine($"membership: the killed silo was declared dead {deadAfter.TotalSeconds:0.0} s after SIGKILL (ProbeTimeout {SiloEnvironment.ProbeTimeout.TotalSeconds:0} s x NumMissedProbesLimit {SiloEnvironment.NumMissedProbesLimit})");
        output.WriteLine(sample.Count == 0
            ? "reactivation: no issue grain was active on the killed silo at the kill"
            : $"reactivation: {sample.Count} of the {victimIssues.Count} issue grains active on the killed silo answered GET through a survivor {reactivations.Min().TotalSeconds:0.0}-{reactivations.Max().TotalSeconds:0.0} s after SIGKILL (median {reactivations.Order().ElementAt(reactivations.Length / 2).TotalSeconds:0.0} s)");

        Assert.NotEmpty(sample);
        await AssertNothingLostNorAppliedTwiceAsync(plan, load, survivors);
        await AssertExternalClientSeesWhatHttpShowsAsync(external.Client, survivors[0], plan);
        await feed.CatchUpAndStopAsync(survivors);
        await AssertFeedAndReadModelMatchTheGrainsAsync(plan, feed, survivors);
        output.WriteLine($"feed: a consumer long-polling through the silos (skipping the dead one) polled {feed.Polls} times and received {feed.Entries.Count} issue changes");
        output.WriteLine($"total {total.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// The feed consumer received every committed change of every issue (versions 1 to the grain's version, in order,
    /// none missing), and the read model's row of every issue equals what its grain answers.
    /// </summary>
    private static async Task AssertFeedAndReadModelMatchTheGrainsAsync(LoadPlan plan, FeedConsumer feed, IReadOnlyList<SiloProcess> survivors)
    {
        var received = feed.Entries.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Select(e => e.Version).Distinct().ToList());
        var rows = new Dictionary<string, (long Version, string? Status)>();
        string? next = "/api/issues?limit=500";
        while (next is not null)
        {
            var page = JsonDocument.Parse(await survivors[0].Http.GetStringAsync(next)).RootElement;
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                rows[item.GetProperty("key").GetString()!] = (item.GetProperty("version").GetInt64(), item.GetProperty("status").GetString());
            }

            next = page.GetProperty("next").GetString();
        }

        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(plan.ByIssue.Select((webhooks, i) => (webhooks[0].IssueId, i)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, _) =>
        {
            var (id, i) = item;
            var grain = JsonDocument.Parse(await survivors[i % survivors.Count].Http.GetStringAsync($"/api/issues/{id}")).RootElement;
            var version = grain.GetProperty("version").GetInt64();
            var status = grain.GetProperty("issue").GetProperty("status").GetString();
            var versions = received.GetValueOrDefault(id) ?? [];
            if (!versions.SequenceEqual(Enumerable.Range(1, (int)version).Select(v => (long)v)))
            {
                problems.Add($"{id}: the feed gave versions [{string.Join(", ", versions)}] of 1..{version}");
            }

            if (rows.GetValueOrDefault(id) != (version, status))
            {
                problems.Add($"{id}: read model {rows.GetValueOrDefault(id)}, grain ({version}, {status})");
            }
        });
        Assert.True(problems.IsEmpty, $"{problems.Count} issues differ, e.g.:\n{string.Join('\n', problems.Take(10))}");
        Assert.Equal(plan.ByIssue.Count, rows.Count);
    }

    [Fact]
    public async Task A_silo_stopped_with_SIGTERM_under_load_fails_no_request_and_leaves_the_membership_cleanly()
    {
        var database = await PostgresServer.Instance.CreateDatabaseAsync(nameof(ClusterTests));
        var total = Stopwatch.StartNew();
        await using var cluster = await SiloCluster.StartAsync(3, database, "term-" + Guid.NewGuid().ToString("N")[..6]);

        var plan = LoadPlan.Create(issues: 1000);
        using var load = new LoadClient(cluster.Silos.Select(s => s.Ports.Http));
        var sending = Stopwatch.StartNew();
        var loadTask = load.SendAsync(plan, ParallelIssues);
        await Eventually.ThatAsync(() => Task.FromResult(load.Completed), c => c >= plan.Count / 2 || loadTask.IsCompleted, "half of the load", Patience);

        var victim = cluster.Silos[2];
        victim.Terminate();
        var terminated = Stopwatch.StartNew();
        var completedAtTerm = load.Completed;

        // Readiness fails first, while the silo still answers (the 2 s drain delay): once the process
        // has handled the signal, /health/ready is 503 while /health/live is still 200.
        await Eventually.StatusAsync(victim.Http, "/health/ready", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10));
        using (var live = await victim.Http.GetAsync("/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        var exitCode = await victim.WaitForExitAsync(Patience);
        var exitedAfter = terminated.Elapsed;
        await loadTask;
        var loadTime = sending.Elapsed;
        var summary = Summarize(plan, load);
        var membership = await cluster.MembershipStatusAsync(victim);

        output.WriteLine($"load: {plan.Count} webhooks for {plan.ByIssue.Count} issues across 3 silos in {loadTime.TotalSeconds:0.0} s; silo {victim.Name} got SIGTERM after {completedAtTerm} webhooks and exited with {exitCode} {exitedAfter.TotalSeconds:0.0} s later (drain 2 s); membership status {membership} (6 = Dead)");
        output.WriteLine($"delivery: {summary}");

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{victim.LogTail()}");
        Assert.Equal(6, membership);
        var answers = load.Attempts.Where(a => a.Status is not null).ToList();
        Assert.All(answers, a => Assert.True(a.Status == 200, $"{a.Key} got {a.Status} from silo {a.Silo}: {a.Error}"));
        await AssertNothingLostNorAppliedTwiceAsync(plan, load, [cluster.Silos[0], cluster.Silos[1]]);
        output.WriteLine($"total {total.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Every webhook was acknowledged (200), none was answered <c>applied</c> twice, and through the
    /// survivors every issue has the status and action of its last webhook and its one event, counted once.
    /// </summary>
    private static async Task AssertNothingLostNorAppliedTwiceAsync(LoadPlan plan, LoadClient load, IReadOnlyList<SiloProcess> survivors)
    {
        var appliedTwice = load.Attempts.Where(a => a.Outcome == "applied").GroupBy(a => a.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(appliedTwice.Count == 0, $"applied twice: {string.Join(", ", appliedTwice.Take(10))}");
        var unacknowledged = plan.All.Where(w => !load.Acknowledged(w.Key)).Select(w => w.Key).ToList();
        Assert.True(unacknowledged.Count == 0, $"never acknowledged: {unacknowledged.Count}, e.g. {string.Join(", ", unacknowledged.Take(5))}; their attempts:\n"
            + string.Join('\n', load.Attempts.Where(a => unacknowledged.Take(5).Contains(a.Key)).Select(a => $"{a.Key} silo {a.Silo}: {a.Status} {a.Error}")));

        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(plan.ByIssue.Select((webhooks, i) => (webhooks, i)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, _) =>
        {
            var (webhooks, i) = item;
            var last = webhooks[^1];
            var http = survivors[i % survivors.Count].Http;
            using var response = await http.GetAsync($"/api/issues/{last.IssueId}");
            if (!response.IsSuccessStatusCode)
            {
                problems.Add($"{last.IssueId}: GET answered {(int)response.StatusCode}");
                return;
            }

            var issue = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var status = issue.GetProperty("issue").GetProperty("status").GetString();
            var action = issue.GetProperty("lastAction").GetString();
            var events = issue.GetProperty("eventCount").GetInt64();
            if (status != last.Status || action != last.Action || events != 1)
            {
                problems.Add($"{last.IssueId}: status {status}, last action {action}, {events} events; expected {last.Status}, {last.Action}, 1");
            }
        });
        Assert.True(problems.IsEmpty, $"{problems.Count} issues differ, e.g.:\n{string.Join('\n', problems.Take(10))}");
    }

    /// <summary>An internal service's view (IIssueGrain through a gateway) equals the HTTP API's.</summary>
    private static async Task AssertExternalClientSeesWhatHttpShowsAsync(IClusterClient client, SiloProcess silo, LoadPlan plan)
    {
        foreach (var webhooks in plan.ByIssue.Take(20))
        {
            var id = webhooks[0].IssueId;
            var snapshot = await client.GetGrain<IIssueGrain>(id).GetAsync();
            var http = JsonDocument.Parse(await silo.Http.GetStringAsync($"/api/issues/{id}")).RootElement;
            Assert.NotNull(snapshot);
            Assert.Equal(http.GetProperty("issue").GetProperty("status").GetString(), snapshot.Issue!.Status);
            Assert.Equal(http.GetProperty("lastAction").GetString(), snapshot.LastAction);
            Assert.Equal(http.GetProperty("eventCount").GetInt64(), snapshot.EventCount);
            Assert.Equal(http.GetProperty("updatedAt").GetDateTimeOffset(), snapshot.UpdatedAt);
        }
    }

    /// <summary>How long after <paramref name="since"/> started a survivor first answered GET /api/issues/{id} with 200.</summary>
    private static async Task<TimeSpan> FirstAnswerAsync(HttpClient survivor, string issueId, Stopwatch since)
    {
        while (since.Elapsed < Patience)
        {
            try
            {
                using var response = await survivor.GetAsync($"/api/issues/{issueId}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return since.Elapsed;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                // Try again.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Issue {issueId} was not readable through a survivor within {Patience.TotalSeconds} s of the kill.");
    }

    private static string Summarize(LoadPlan plan, LoadClient load)
    {
        var attempts = load.Attempts.ToList();
        var byOutcome = attempts.Where(a => a.Status == 200).GroupBy(a => a.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key}");
        var unavailable = attempts.Count(a => a.Status == 503);
        var otherStatus = attempts.Count(a => a.Status is not null and not 200 and not 503);
        var noAnswer = attempts.Count(a => a.Status is null);
        var acknowledged = plan.All.Count(w => load.Acknowledged(w.Key));
        return string.Create(CultureInfo.InvariantCulture,
            $"{attempts.Count} requests; 200: {string.Join(", ", byOutcome)}; 503: {unavailable}; other: {otherStatus}; no answer (retried on another silo): {noAnswer}; acknowledged {acknowledged}/{plan.Count}");
    }
}
