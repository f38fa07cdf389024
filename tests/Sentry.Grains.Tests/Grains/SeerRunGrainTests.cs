using Sentry.Grains.Issues;
using Sentry.Grains.Seer;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Tests.Seer;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Grains;

/// <summary>The Seer run grain on an Orleans TestingHost cluster, with a controllable clock.</summary>
public sealed class SeerRunGrainTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    private static SeerEventReceived ForRun(SeerEventReceived e, string runId, string issueId) =>
        e with { RunId = runId, GroupId = issueId, Delivery = e.Delivery with { RequestId = TestDeliveries.NewRequestId(), BodyDigest = TestDeliveries.Digest($"{runId}/{e.Action}") } };

    [Fact]
    public async Task A_started_run_with_no_event_for_the_stall_time_is_stalled_until_the_next_event()
    {
        var run = cluster.Grains.GetGrain<ISeerRunGrain>("stall-1");
        var events = SeerRunMachineTests.InOrder();
        await run.ApplyAsync(ForRun(events[0], "stall-1", "stall-issue"));

        cluster.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.False((await run.GetAsync())!.Stalled);

        cluster.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.True((await run.GetAsync())!.Stalled);

        // Still stalled after the grain is deactivated and reloaded from storage.
        await cluster.Cluster.DeactivateAsync(run);
        Assert.True((await run.GetAsync())!.Stalled);

        var completed = ForRun(events[1], "stall-1", "stall-issue");
        await run.ApplyAsync(completed with { Delivery = completed.Delivery with { ReceivedAt = cluster.Time.GetUtcNow() } });
        var snapshot = (await run.GetAsync())!;
        Assert.False(snapshot.Stalled);
        Assert.Equal(SeerStage.RootCauseCompleted, snapshot.Stage);
    }

    [Fact]
    public async Task Runs_are_listed_on_their_issue_with_their_stage()
    {
        var events = SeerRunMachineTests.InOrder();
        var first = cluster.Grains.GetGrain<ISeerRunGrain>("link-1");
        var second = cluster.Grains.GetGrain<ISeerRunGrain>("link-2");

        await first.ApplyAsync(ForRun(events[0], "link-1", "linked-issue"));
        await first.ApplyAsync(ForRun(events[1], "link-1", "linked-issue"));
        await second.ApplyAsync(ForRun(events[6], "link-2", "linked-issue"));
        Assert.Equal(WebhookOutcome.Applied, await first.ApplyAsync(ForRun(events[0] with { Action = "triage_started" }, "link-1", "linked-issue")));

        var issue = await cluster.Grains.GetGrain<IIssueGrain>("linked-issue").GetAsync();
        Assert.NotNull(issue);
        Assert.Equal(
            [("link-1", (SeerStage?)SeerStage.RootCauseCompleted), ("link-2", SeerStage.PrCreated)],
            issue.SeerRuns.Select(r => (r.RunId, r.Stage)).Order());
    }

    [Fact]
    public async Task Run_state_survives_deactivation()
    {
        var run = cluster.Grains.GetGrain<ISeerRunGrain>("keep-1");
        foreach (var e in SeerRunMachineTests.InOrder())
        {
            await run.ApplyAsync(ForRun(e, "keep-1", "keep-issue"));
        }

        await cluster.Cluster.DeactivateAsync(run);
        var snapshot = (await run.GetAsync())!;
        Assert.Equal(SeerStage.PrCreated, snapshot.Stage);
        Assert.Equal(7, snapshot.History.Count);
        Assert.Equal("Definitely need to fix this.", snapshot.Solution?.Description);
    }
}
