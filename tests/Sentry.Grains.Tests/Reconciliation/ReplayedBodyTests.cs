using Microsoft.Extensions.DependencyInjection;
using Sentry.Grains.Issues;
using Sentry.Grains.Reconciliation;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Reconciliation;

/// <summary>
/// A forged or replayed old body applied after the delivery window (its digest is no longer a duplicate, and a fresh
/// unsigned timestamp orders it as new) sets the issue back; the grain sees a body it applied before the window, asks for
/// a reconciliation, and that restores Sentry's truth.
/// </summary>
public sealed class ReplayedBodyTests(ReconcileCluster cluster) : IClassFixture<ReconcileCluster>
{
    [Fact]
    public async Task An_old_body_replayed_after_the_dedup_window_is_undone_by_the_next_reconciliation()
    {
        var uuid = InstallationBodies.NewUuid();
        await cluster.InstallAsync(uuid);
        const string id = "7300001";
        var grain = cluster.Grains.GetGrain<IIssueGrain>(id);
        var issue = IssueBodies.Issue(id);
        var created = IssueBodies.Body("created", uuid, issue);
        Assert.Equal(WebhookOutcome.Applied, await grain.ApplyIssueAsync(cluster.Parse<IssueChanged>("issue", created)));

        cluster.Time.Advance(TimeSpan.FromMinutes(1));
        issue["status"] = "resolved";
        issue["substatus"] = null;
        cluster.Sentry.SetIssue(FakeSentry.DefaultOrganization, issue);
        Assert.Equal(WebhookOutcome.Applied, await grain.ApplyIssueAsync(cluster.Parse<IssueChanged>("issue", IssueBodies.Body("resolved", uuid, issue))));

        // Within the window the captured body is a duplicate, whatever its timestamp.
        cluster.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(WebhookOutcome.Duplicate, await grain.ApplyIssueAsync(cluster.Parse<IssueChanged>("issue", created)));
        var requests = cluster.Services.GetRequiredService<ReconcileRequests>();
        var queuedBefore = requests.Count;

        // After it, the same bytes with a fresh timestamp apply: the issue is unresolved again, which Sentry never said.
        cluster.Time.Advance(TimeSpan.FromHours(24));
        Assert.Equal(WebhookOutcome.Applied, await grain.ApplyIssueAsync(cluster.Parse<IssueChanged>("issue", created)));
        var forged = await grain.GetAsync();
        Assert.Equal("unresolved", forged!.Issue!.Status);
        Assert.Equal(DeliverySource.Webhook, forged.LastChangeSource);
        Assert.Equal(queuedBefore + 1, requests.Count);

        // The reconciliation it asked for runs after Reconcile:AfterTroubleDelay (30 s) and restores what Sentry says.
        // The clock moves a second per look: the queue's wait may start on the fake clock after any given move.
        var healed = await Eventually.ThatAsync(
            async () =>
            {
                cluster.Time.Advance(TimeSpan.FromSeconds(1));
                return await grain.GetAsync();
            },
            s => s!.Issue!.Status == "resolved",
            "the reconciliation after the replay");
        Assert.Equal(DeliverySource.Reconciled, healed!.LastChangeSource);
        Assert.Equal("resolved", healed.LastAction);
        Assert.Contains(cluster.Sentry.Calls, c => c.Endpoint == FakeSentryEndpoint.Issue && c.IssueId == id && c.Status == 200);
    }
}
