using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sentry.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sentry.Grains.Tests.Reconciliation;

/// <summary>
/// The service with no periodic sweep: every call to the fake's read API here comes from the test's own reconcile, or from
/// the reconciliation a webhook's trouble asks for a second later.
/// </summary>
public sealed class OnDemandHost() : ReconcileHostFixture(
    "--Reconcile:SweepEnabled=false",
    "--Reconcile:RefusedTokenBackoff=00:00:05",
    "--Reconcile:MaxBudgetWait=00:00:10",
    "--Reconcile:AfterTroubleDelay=00:00:01");

/// <summary>
/// <c>POST /api/issues/{id}/reconcile</c> against a fake Sentry on 127.0.0.1: a Seer run whose webhooks were missed is
/// filled from the autofix state; a refused token is not used again before its backoff (no retry storm); a 429 with
/// <c>Retry-After</c> holds every read of its organization until then.
/// </summary>
public sealed class OnDemandReconcileTests(OnDemandHost fixture, ITestOutputHelper output) : IClassFixture<OnDemandHost>
{
    private ReconcileHost Host => fixture.Host;

    private FakeSentry Sentry => Host.Sentry;

    [Fact]
    public async Task A_seer_run_with_only_root_cause_started_received_ends_at_pr_created_with_its_pr_from_the_autofix_state()
    {
        var uuid = await Host.InstallAsync();
        const string issueId = "7100001";
        const string runId = "9100001";
        await Host.CreateIssueAsync(uuid, issueId);
        var started = JsonNode.Parse(Fixtures.Bytes("seer.root_cause_started"))!;
        started["data"]!["run_id"] = long.Parse(runId, System.Globalization.CultureInfo.InvariantCulture);
        started["data"]!["group_id"] = long.Parse(issueId, System.Globalization.CultureInfo.InvariantCulture);
        started["installation"]!["uuid"] = uuid;
        Assert.Equal("applied", await Host.Host.Webhooks.SendOkAsync("seer", Encoding.UTF8.GetBytes(started.ToJsonString())));

        // Seer went on to open a PR; none of those webhooks arrived.
        Sentry.SetAutofix(FakeSentry.DefaultOrganization, issueId, FakeSentry.AutofixRun(
            runId, "COMPLETED", DateTimeOffset.UtcNow, ["root_cause_analysis", "solution", "changes"], ("owner/repo", 77, "https://github.com/owner/repo/pull/77")));

        var (status, answer, _) = await Host.ReconcileAsync(issueId);

        Assert.Equal(200, status);
        Assert.Equal("changed", answer.GetProperty("outcome").GetString());
        var changes = answer.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("field").GetString()!, c => c.GetProperty("after").GetString());
        Assert.Equal($"run {runId}: pr_created", changes["seer_stage"]);
        Assert.Equal("https://github.com/owner/repo/pull/77", changes["seer_pull_requests"]);

        var run = (await Host.Host.Webhooks.GetJsonAsync($"/api/seer-runs/{runId}"))!.Value;
        Assert.Equal("pr_created", run.GetProperty("stage").GetString());
        Assert.Equal("COMPLETED", run.GetProperty("autofixStatus").GetString());
        var pr = Assert.Single(run.GetProperty("pullRequests").EnumerateArray());
        Assert.Equal("https://github.com/owner/repo/pull/77", pr.GetProperty("prUrl").GetString());
        Assert.Equal(77, pr.GetProperty("prNumber").GetInt64());
        var stages = run.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!, s => s.GetProperty("source").GetString());
        Assert.Equal(7, stages.Count);
        Assert.Equal("webhook", stages["root_cause_started"]);
        Assert.All(stages.Where(s => s.Key != "root_cause_started"), s => Assert.Equal("reconciled", s.Value));
        Assert.Equal(["webhook", "reconciled", "reconciled", "reconciled", "reconciled", "reconciled", "reconciled"],
            run.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("source").GetString()));

        var issue = await Host.IssueAsync(issueId);
        Assert.Equal("pr_created", Assert.Single(issue.GetProperty("seerRuns").EnumerateArray()).GetProperty("stage").GetString());

        // Asked again: Sentry says the same, nothing changes.
        var (again, second, _) = await Host.ReconcileAsync(issueId);
        Assert.Equal(200, again);
        Assert.Equal("unchanged", second.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_refused_token_needs_attention_and_is_not_used_again_until_its_backoff_passed()
    {
        const string organization = "refusing-org";
        var uuid = await Host.InstallAsync(organization);
        const string issueId = "7100002";
        await Host.CreateIssueAsync(uuid, issueId, organization);
        Sentry.SetRefusal(organization, HttpStatusCode.Forbidden);

        var (status, problem, _) = await Host.ReconcileAsync(issueId);
        Assert.Equal(409, status);
        Assert.Contains("403", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var installation = (await Host.Host.Webhooks.GetJsonAsync($"/api/installations/{uuid}"))!.Value;
        var attention = installation.GetProperty("tokenAttention");
        Assert.Equal(403, attention.GetProperty("statusCode").GetInt32());
        Assert.Equal(1, attention.GetProperty("refusals").GetInt32());

        // A storm of reconciles while the token needs attention: none reaches Sentry.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(409, (await Host.ReconcileAsync(issueId)).Status);
        }

        Assert.Single(Sentry.Calls, c => c.Organization == organization);

        // Sentry accepts it again; once the backoff passed, one read tries it, and the attention is cleared.
        Sentry.SetRefusal(organization, null);
        await Eventually.ThatAsync(async () => (await Host.ReconcileAsync(issueId)).Status, s => s == 200, "a reconcile after the backoff");
        var issueCalls = Sentry.Calls.Where(c => c.Organization == organization && c.Endpoint == FakeSentryEndpoint.Issue).ToList();
        Assert.Equal([403, 200], issueCalls.Select(c => c.Status));
        output.WriteLine($"token refused (403) at {issueCalls[0].At:HH:mm:ss.fff}; 5 reconciles meanwhile reached Sentry 0 times; the probe read came {(issueCalls[1].At - issueCalls[0].At).TotalSeconds:0.00} s later (backoff 5 s) and was accepted");
        Assert.True(issueCalls[1].At - issueCalls[0].At >= TimeSpan.FromSeconds(5), "the probe came before the backoff");
        Assert.Equal(JsonValueKind.Null, (await Host.Host.Webhooks.GetJsonAsync($"/api/installations/{uuid}"))!.Value.GetProperty("tokenAttention").ValueKind);
    }

    [Fact]
    public async Task A_429_with_retry_after_holds_every_read_of_the_organization_until_then()
    {
        const string organization = "limited-org";
        var uuid = await Host.InstallAsync(organization);
        const string issueId = "7100003";
        await Host.CreateIssueAsync(uuid, issueId, organization);
        Host.Sentry.UpdateIssue(organization, issueId, issue => issue["status"] = "ignored");
        Sentry.ForceTooManyRequests(organization, TimeSpan.FromSeconds(3));

        var (status, _, response) = await Host.ReconcileAsync(issueId);
        Assert.Equal(429, status);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        var tooMany = Assert.Single(Sentry.Calls, c => c.Organization == organization);
        Assert.Equal(429, tooMany.Status);

        // Sentry would answer again; asked at once, the service still waits out the Retry-After before it reads.
        Sentry.StopForcingTooManyRequests(organization);
        var (after, answer, _) = await Host.ReconcileAsync(issueId);
        Assert.Equal(200, after);
        Assert.Equal("ignored", answer.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "status").GetProperty("after").GetString());
        var later = Sentry.Calls.Where(c => c.Organization == organization).Skip(1).ToList();
        Assert.NotEmpty(later);
        output.WriteLine($"429 (Retry-After: 3) at {tooMany.At:HH:mm:ss.fff}; the next reads of the organization came {string.Join(", ", later.Select(c => $"{(c.At - tooMany.At).TotalSeconds:0.00} s"))} after it");
        Assert.All(later, call => Assert.True(call.At >= tooMany.At + TimeSpan.FromSeconds(3), $"a read at {call.At:O}, before the Retry-After of the 429 at {tooMany.At:O} had passed"));
    }

    [Fact]
    public async Task A_webhook_with_an_untrusted_timestamp_has_its_issue_reconciled_soon_after()
    {
        var uuid = await Host.InstallAsync();
        const string issueId = "7100005";
        var issue = await Host.CreateIssueAsync(uuid, issueId);
        Host.Sentry.UpdateIssue(FakeSentry.DefaultOrganization, issueId, i => i["priority"] = "low");

        // A far-future Sentry-Hook-Timestamp (a middlebox, a replayed capture): ordered by its receipt, and Sentry is asked.
        issue["title"] = "A title only this webhook says";
        var future = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds();
        Assert.Equal("applied", await Host.Host.Webhooks.SendOkAsync("issue", IssueBodies.Body("assigned", uuid, issue), timestamp: future));

        var healed = await Eventually.ThatAsync(() => Host.IssueAsync(issueId), i => i.GetProperty("issue").GetProperty("priority").GetString() == "low", "the reconciliation after the untrusted timestamp");
        Assert.Equal("reconciled", healed.GetProperty("lastChangeSource").GetString());
        Assert.Equal("Error generated with event_id: 495d375a-1df6-45c0-9890-34dae8e1b6a4(Priority: HIGH)", healed.GetProperty("issue").GetProperty("title").GetString());
        await Eventually.UntilAsync(() => Host.Counted("sentry_grains.reconcile.runs", "reason", "untrusted_timestamp") >= 1, "the run counted with its reason");
    }

    [Fact]
    public async Task An_issue_never_seen_is_404_and_one_of_an_unknown_or_deleted_installation_is_409_without_calling_sentry()
    {
        Assert.Equal(404, (await Host.ReconcileAsync("7199999")).Status);

        // Through an installation that is not installed (never created): its webhooks apply, Sentry is never asked.
        const string issueId = "7100004";
        Assert.Equal("applied", await Host.Host.Webhooks.SendOkAsync("issue", IssueBodies.Body("created", InstallationBodies.NewUuid(), IssueBodies.Issue(issueId))));
        var calls = Sentry.Calls.Count;
        var (status, problem, _) = await Host.ReconcileAsync(issueId);
        Assert.Equal(409, status);
        Assert.Contains("not_installed", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(calls, Sentry.Calls.Count);

        // Through an installation that was deleted: not called either.
        const string organization = "leaving-org";
        var uuid = await Host.InstallAsync(organization);
        const string deletedIssue = "7100006";
        await Host.CreateIssueAsync(uuid, deletedIssue, organization);
        Assert.Equal("applied", await Host.Host.Webhooks.SendOkAsync("installation", InstallationBodies.Deleted(uuid)));
        Assert.Equal(409, (await Host.ReconcileAsync(deletedIssue)).Status);
        Assert.DoesNotContain(Sentry.Calls, c => c.Organization == organization);
    }
}
