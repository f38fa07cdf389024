using Sentry.Grains.Seer;
using Sentry.Grains.Storage;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Seer;

/// <summary>The Seer run state machine as a pure class.</summary>
public sealed class SeerRunMachineTests
{
    private static readonly RetentionOptions Retention = new();

    /// <summary>The seven fixture events, one minute apart in stage order.</summary>
    internal static SeerEventReceived[] InOrder() =>
        [.. SeerStages.InOrder.Select((stage, i) => Commands.From<SeerEventReceived>($"seer.{stage}", 60 * i))];

    public static TheoryData<int, string> Stages => new()
    {
        { 1, "root_cause_started" },
        { 2, "root_cause_completed" },
        { 3, "solution_started" },
        { 4, "solution_completed" },
        { 5, "coding_started" },
        { 6, "coding_completed" },
        { 7, "pr_created" },
    };

    [Theory]
    [MemberData(nameof(Stages))]
    public void Each_stage_in_order_becomes_the_current_stage(int eventsApplied, string expected)
    {
        var state = new SeerRunState();
        foreach (var e in InOrder().Take(eventsApplied))
        {
            Assert.Equal(WebhookOutcome.Applied, SeerRunMachine.Apply(state, e, Retention).Outcome);
        }

        Assert.Equal(expected, SeerRunMachine.CurrentStage(state));
        Assert.Equal(eventsApplied, state.History.Count);
    }

    [Fact]
    public void Completed_stages_store_their_typed_payloads()
    {
        var state = new SeerRunState();
        foreach (var e in InOrder())
        {
            SeerRunMachine.Apply(state, e, Retention);
        }

        Assert.Equal("Woah wow there's a bug here.", state.RootCause?.Description);
        var step = state.RootCause!.Steps[1];
        Assert.Equal(("internal_code", "src/app/page.ts", "owner/repo", true), (step.TimelineItemType, step.RelevantCodeFile?.FilePath, step.RelevantCodeFile?.RepoName, step.IsMostImportantEvent));
        Assert.Equal(["Go fix it", "Then go fix this other thing."], state.Solution!.Steps.Select(s => s.Title));
        Assert.Equal("seer/fix-this-thing", Assert.Single(state.Changes).BranchName);
        Assert.Equal("https://github.com/owner/repo/pull/123", Assert.Single(state.PullRequests).PrUrl);
        Assert.Equal("1170820242", state.GroupId);
    }

    [Fact]
    public void A_late_started_never_moves_the_stage_back()
    {
        var state = new SeerRunState();
        var events = InOrder();
        SeerRunMachine.Apply(state, events[3], Retention); // solution_completed
        var late = SeerRunMachine.Apply(state, events[0], Retention); // root_cause_started

        Assert.Equal(WebhookOutcome.Applied, late.Outcome);
        Assert.Equal(("solution_completed", "solution_completed"), (late.StageBefore, late.StageAfter));
    }

    [Fact]
    public void A_completed_without_its_started_implies_the_start()
    {
        var state = new SeerRunState();
        SeerRunMachine.Apply(state, InOrder()[1], Retention); // root_cause_completed

        var snapshot = SeerRunMachine.ToSnapshot("r", state, TestDeliveries.Epoch, TimeSpan.FromMinutes(30));
        Assert.Collection(
            snapshot.Stages,
            started => Assert.Equal(("root_cause_started", true, null), (started.Stage, started.Implied, started.SentAt)),
            completed => Assert.Equal(("root_cause_completed", false), (completed.Stage, completed.Implied)));

        SeerRunMachine.Apply(state, InOrder()[0], Retention); // the real start arrives late
        Assert.False(state.Stages["root_cause_started"].Implied);
        Assert.Equal("root_cause_completed", SeerRunMachine.CurrentStage(state));
    }

    [Fact]
    public void A_stage_reached_twice_or_a_redelivery_is_a_duplicate()
    {
        var state = new SeerRunState();
        var started = InOrder()[0];
        SeerRunMachine.Apply(state, started, Retention);

        Assert.Equal(WebhookOutcome.Duplicate, SeerRunMachine.Apply(state, Commands.Redelivered(started), Retention).Outcome);
        Assert.Equal(WebhookOutcome.Duplicate, SeerRunMachine.Apply(state, started with { Delivery = TestDeliveries.For([1, 2, 3], 500) }, Retention).Outcome);
        Assert.Single(state.History);
    }

    [Theory]
    [InlineData("triage_started")]
    [InlineData("impact_assessment_completed")]
    [InlineData("something_sentry_adds_next_year")]
    public void Unknown_actions_are_kept_in_history_and_never_move_the_stage(string action)
    {
        var state = new SeerRunState();
        SeerRunMachine.Apply(state, InOrder()[0], Retention);
        var body = System.Text.Encoding.UTF8.GetBytes("{\"action\":\"" + action + "\",\"data\":{\"run_id\":12345,\"group_id\":1170820242,\"triage\":{\"score\":0.7}}}");
        var unknown = Assert.IsType<SeerEventReceived>(WebhookParser.Parse("seer", body, TestDeliveries.For(body, 30)).Command);

        Assert.Equal(WebhookOutcome.Applied, SeerRunMachine.Apply(state, unknown, Retention).Outcome);
        Assert.Equal("root_cause_started", SeerRunMachine.CurrentStage(state));
        var entry = state.History.Single(h => h.Action == action);
        Assert.Contains("\"triage\":{\"score\":0.7}", entry.DataJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 29, false)] // root_cause_started, 29 minutes quiet
    [InlineData(0, 30, true)]
    [InlineData(1, 300, false)] // root_cause_completed: not a _started stage, never stalled
    [InlineData(4, 31, true)] // coding_started
    public void A_run_in_a_started_stage_stalls_after_the_configured_quiet_time(int lastEvent, int minutesQuiet, bool stalled)
    {
        var state = new SeerRunState();
        var events = InOrder();
        for (var i = 0; i <= lastEvent; i++)
        {
            SeerRunMachine.Apply(state, events[i], Retention);
        }

        Assert.Equal(stalled, SeerRunMachine.IsStalled(state, state.LastEventAt!.Value.AddMinutes(minutesQuiet), TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void Time_in_stage_is_measured_by_sentry_hook_timestamp()
    {
        var state = new SeerRunState();
        var events = InOrder();
        SeerRunMachine.Apply(state, events[0], Retention);
        SeerRunMachine.Apply(state, events[1], Retention);
        Assert.Equal(TimeSpan.FromMinutes(1), SeerRunMachine.TimeInStage(state, "root_cause_started", "root_cause_completed"));
        Assert.Null(SeerRunMachine.TimeInStage(state, null, "root_cause_started"));
    }

    [Fact]
    public void History_is_bounded()
    {
        var state = new SeerRunState();
        var small = new RetentionOptions { SeerHistory = 16 };
        for (var i = 0; i < 40; i++)
        {
            var body = System.Text.Encoding.UTF8.GetBytes("{\"action\":\"triage_started\",\"data\":{\"run_id\":1,\"n\":" + i + "}}");
            SeerRunMachine.Apply(state, Assert.IsType<SeerEventReceived>(WebhookParser.Parse("seer", body, TestDeliveries.For(body, i)).Command), small);
        }

        Assert.Equal(16, state.History.Count);
        Assert.Equal(TestDeliveries.Epoch.AddSeconds(39), state.History[^1].SentAt);
    }
}
