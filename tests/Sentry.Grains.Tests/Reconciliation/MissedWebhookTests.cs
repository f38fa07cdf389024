using System.Text.Json;
using System.Text.Json.Nodes;
using Sentry.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sentry.Grains.Tests.Reconciliation;

/// <summary>The service with a sweep every second against a fake Sentry whose state moves without sending a webhook.</summary>
public sealed class SweepingHost() : ReconcileHostFixture(
    "--Reconcile:SweepInterval=00:00:01",
    "--Reconcile:RequestsPerSecond=50",
    "--Reconcile:Burst=5",
    "--Reconcile:AfterTroubleDelay=00:30:00");

/// <summary>
/// Webhooks that never arrived: Sentry's state moves (the fake is changed), no webhook is sent, and the periodic sweep
/// brings the issue to Sentry's state — the history and the feed say <c>reconciled</c>, the metric counts the field.
/// </summary>
public sealed class MissedWebhookTests(SweepingHost fixture, ITestOutputHelper output) : IClassFixture<SweepingHost>
{
    private const string Drift = "sentry_grains.reconcile.drift";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private ReconcileHost Host => fixture.Host;

    [Fact]
    public async Task A_status_and_assignee_changed_in_sentry_without_a_webhook_are_swept_in_and_marked_reconciled()
    {
        var uuid = await Host.InstallAsync();
        const string id = "7000001";
        await Host.CreateIssueAsync(uuid, id);
        Assert.Equal("webhook", (await Host.IssueAsync(id)).GetProperty("lastChangeSource").GetString());
        var statusBefore = Host.Counted(Drift, "field", "status");
        var assigneeBefore = Host.Counted(Drift, "field", "assigned_to");
        var titleBefore = Host.Counted(Drift, "field", "title");

        // Resolved and assigned in Sentry; both webhooks lost.
        Host.Sentry.UpdateIssue(FakeSentry.DefaultOrganization, id, issue =>
        {
            issue["status"] = "resolved";
            issue["substatus"] = null;
            issue["assignedTo"] = new JsonObject { ["type"] = "user", ["id"] = "42", ["name"] = "Jane Doe", ["email"] = "jane@example.com" };
        });

        var healed = await Eventually.ThatAsync(() => Host.IssueAsync(id), i => i.GetProperty("issue").GetProperty("status").GetString() == "resolved", "the sweep to apply Sentry's status", Patience);
        Assert.Equal("reconciled", healed.GetProperty("lastChangeSource").GetString());
        Assert.Equal("resolved", healed.GetProperty("lastAction").GetString());
        Assert.Equal("42", healed.GetProperty("issue").GetProperty("assignedTo").GetProperty("id").GetString());
        Assert.Equal("Jane Doe", healed.GetProperty("assignee").GetProperty("name").GetString());

        var changes = await Eventually.ThatAsync(() => Host.ChangesOfAsync(id), c => c.Any(e => e.GetProperty("kind").GetString() == "issue.reconciled"), "the issue.reconciled change on the feed");
        var reconciled = changes.Single(e => e.GetProperty("kind").GetString() == "issue.reconciled");
        Assert.Equal("issue.created", changes[0].GetProperty("kind").GetString());
        Assert.Equal("webhook", changes[0].GetProperty("data").GetProperty("row").GetProperty("lastChangeSource").GetString());
        Assert.Equal("reconciled", reconciled.GetProperty("data").GetProperty("row").GetProperty("lastChangeSource").GetString());
        var item = reconciled.GetProperty("data").GetProperty("item");
        Assert.Equal("reconciled", item.GetProperty("source").GetString());
        var fields = item.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("field").GetString()!, c => (Text(c.GetProperty("before")), Text(c.GetProperty("after"))));
        Assert.Equal(("unresolved", "resolved"), fields["status"]);
        Assert.Equal((null, "user:42"), fields["assigned_to"]);
        Assert.DoesNotContain("title", fields.Keys);

        // Counted and logged once the reconciliation that applied it is done.
        await Eventually.UntilAsync(
            () => Host.Logs.Lines.Any(line => line.Contains($"Issue {id} differed from Sentry (sweep): status was unresolved, Sentry has resolved", StringComparison.Ordinal)),
            "the drift logged");
        Assert.Equal(1, Host.Counted(Drift, "field", "status") - statusBefore);
        Assert.Equal(1, Host.Counted(Drift, "field", "assigned_to") - assigneeBefore);
        Assert.Equal(0, Host.Counted(Drift, "field", "title") - titleBefore);

        var sweep = (await Host.Host.Webhooks.GetJsonAsync("/api/reconcile/sweep"))!.Value;
        var healing = sweep.GetProperty("recent").EnumerateArray().First(s => s.GetProperty("drift").TryGetProperty("status", out var count) && count.GetInt32() >= 1);
        output.WriteLine($"sweep {healing.GetProperty("number")}: listed {healing.GetProperty("listed")}, outcomes {healing.GetProperty("outcomes")}, drift by field {healing.GetProperty("drift")}; " +
            $"feed item {item.GetProperty("changes")}; reconcile.drift counted status +{Host.Counted(Drift, "field", "status") - statusBefore}, assigned_to +{Host.Counted(Drift, "field", "assigned_to") - assigneeBefore}, substatus total {Host.Counted(Drift, "field", "substatus")}");
    }

    [Fact]
    public async Task A_comment_made_in_sentry_without_a_webhook_is_swept_in()
    {
        var uuid = await Host.InstallAsync();
        const string id = "7000002";
        await Host.CreateIssueAsync(uuid, id);

        Host.Sentry.AddNote(FakeSentry.DefaultOrganization, id, "555", "Looking into it", "jane", DateTimeOffset.UtcNow);
        Host.Sentry.UpdateIssue(FakeSentry.DefaultOrganization, id, issue => issue["numComments"] = 1);

        var healed = await Eventually.ThatAsync(() => Host.IssueAsync(id), i => i.GetProperty("comments").GetArrayLength() == 1, "the sweep to add Sentry's comment", Patience);
        var comment = healed.GetProperty("comments")[0];
        Assert.Equal("555", comment.GetProperty("commentId").GetString());
        Assert.Equal("Looking into it", comment.GetProperty("text").GetString());
        Assert.Equal("jane", comment.GetProperty("author").GetString());
        Assert.Equal("reconciled", healed.GetProperty("lastChangeSource").GetString());
        Assert.Contains(await Host.ChangesOfAsync(id), e => e.GetProperty("kind").GetString() == "comment.created");
    }

    [Fact]
    public async Task An_issue_deleted_in_sentry_is_marked_so_and_not_asked_about_again()
    {
        var uuid = await Host.InstallAsync();
        const string id = "7000003";
        await Host.CreateIssueAsync(uuid, id);

        Host.Sentry.DeleteIssue(FakeSentry.DefaultOrganization, id);

        var deleted = await Eventually.ThatAsync(() => Host.IssueAsync(id), i => i.GetProperty("deletedInSentryAt").ValueKind != JsonValueKind.Null, "the sweep to mark the issue deleted in Sentry", Patience);
        Assert.Equal("reconciled", deleted.GetProperty("lastChangeSource").GetString());
        Assert.Contains(await Host.ChangesOfAsync(id), e => e.GetProperty("kind").GetString() == "issue.deleted"
            && e.GetProperty("data").GetProperty("row").GetProperty("deletedInSentryAt").ValueKind == JsonValueKind.String);
        var listed = (await Host.Host.Webhooks.GetJsonAsync("/api/issues?limit=500"))!.Value.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("key").GetString() == id);
        Assert.Equal(JsonValueKind.String, listed.GetProperty("deletedInSentryAt").ValueKind);

        // Two more complete sweeps: Sentry is not asked about it again.
        var asked = Host.Sentry.Calls.Count(c => c.IssueId == id);
        var number = await LatestCompletedSweepAsync();
        await Eventually.ThatAsync(LatestCompletedSweepAsync, n => n >= number + 2, "two more sweeps", Patience);
        Assert.Equal(asked, Host.Sentry.Calls.Count(c => c.IssueId == id));
        Assert.Equal(404, Host.Sentry.Calls.Last(c => c.IssueId == id).Status);
    }

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetString();

    private async Task<long> LatestCompletedSweepAsync() =>
        (await Host.Host.Webhooks.GetJsonAsync("/api/reconcile/sweep"))!.Value.GetProperty("recent").EnumerateArray()
            .Where(s => s.GetProperty("completedAt").ValueKind != JsonValueKind.Null)
            .Select(s => s.GetProperty("number").GetInt64())
            .DefaultIfEmpty(0)
            .Max();
}
