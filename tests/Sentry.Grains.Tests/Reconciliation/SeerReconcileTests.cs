using Sentry.Grains.Seer;
using Sentry.Grains.Storage;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Reconciliation;

/// <summary>A Seer run filled from the autofix state through its state machine, pure.</summary>
public sealed class SeerReconcileTests
{
    private readonly SeerRunHead head = new();
    private readonly SeerRunModel model;

    public SeerReconcileTests() => model = SeerRunModel.Detached(head, new RetentionOptions(), key: "12345");

    private static SeerRunReconciled Autofix(IReadOnlyList<SeerStage> stages, params SeerPullRequest[] pullRequests) => new(
        ReconciledDeliveries.Create("reconcile:test", TestDeliveries.Epoch.AddMinutes(5), "installation-1"),
        "12345",
        "1170820242",
        stages,
        pullRequests,
        "COMPLETED",
        """{"run_id": 12345, "status": "COMPLETED"}""");

    [Fact]
    public void A_run_with_only_root_cause_started_ends_at_pr_created_with_its_pr_marked_reconciled()
    {
        SeerRunMachine.Apply(model, Commands.From<SeerEventReceived>("seer.root_cause_started", 10));
        var pr = new SeerPullRequest(7, "https://github.com/owner/repo/pull/7", null, "owner/repo", null);

        var result = SeerRunMachine.Reconcile(model, Autofix(SeerStages.InOrder, pr));

        Assert.Equal(SeerStage.RootCauseStarted, result.StageBefore);
        Assert.Equal(SeerStage.PrCreated, result.StageAfter);
        Assert.Equal(SeerStages.InOrder.Skip(1), result.StagesAdded);
        Assert.Equal(1, result.PullRequestsAdded);
        Assert.Equal(ChangeSource.Webhook, head.Stages[SeerStage.RootCauseStarted].Source);
        Assert.All(SeerStages.InOrder.Skip(1), stage => Assert.Equal(ChangeSource.Reconciled, head.Stages[stage].Source));
        var prCreated = model.History.Single(e => e.Action == "pr_created");
        Assert.Equal(ChangeSource.Reconciled, prCreated.Source);
        Assert.Equal("https://github.com/owner/repo/pull/7", Assert.Single(prCreated.PullRequests!).PrUrl);
        Assert.Contains("\"run_id\"", prCreated.DataJson, StringComparison.Ordinal);
        Assert.Equal("COMPLETED", head.AutofixStatus);
    }

    [Fact]
    public void Stages_the_run_already_has_stay_as_the_webhooks_gave_them_and_a_second_reconcile_changes_nothing()
    {
        var completed = Commands.From<SeerEventReceived>("seer.root_cause_completed", 10);
        SeerRunMachine.Apply(model, completed);

        var first = SeerRunMachine.Reconcile(model, Autofix([SeerStage.RootCauseStarted, SeerStage.RootCauseCompleted, SeerStage.SolutionStarted]));
        var second = SeerRunMachine.Reconcile(model, Autofix([SeerStage.RootCauseStarted, SeerStage.RootCauseCompleted, SeerStage.SolutionStarted]));

        Assert.Equal([SeerStage.SolutionStarted], first.StagesAdded);
        Assert.True(head.Stages[SeerStage.RootCauseStarted].Implied);
        Assert.Equal(completed.Delivery.RequestId, head.Stages[SeerStage.RootCauseCompleted].RequestId);
        Assert.False(second.Changed);
    }
}
