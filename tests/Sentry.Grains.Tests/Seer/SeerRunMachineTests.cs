using Sentry.Grains.Seer;
using Sentry.Grains.Storage;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Seer;

/// <summary>The Seer run state machine as a pure class.</summary>
public sealed class SeerRunMachineTests
{
    /// <summary>The seven fixture events, one minute apart in stage order.</summary>
    internal static SeerEventReceived[] InOrder() =>
        [.. SeerStages.InOrder.Select((stage, i) => Commands.From<SeerEventReceived>($"seer.{stage.Name()}", 60 * i))];

    /// <summary>A run kept in memory: its head and the model the machine works on.</summary>
    internal sealed class Run(RetentionOptions? retention = null)
    {
        public SeerRunHead Head { get; } = new();

        public SeerRunModel Model => model ??= SeerRunModel.Detached(Head, retention ?? new RetentionOptions());

        private SeerRunModel? model;

        public SeerTransition Apply(SeerEventReceived e) => SeerRunMachine.Apply(Model, e);

        public SeerStage? Stage => SeerRunMachine.CurrentStage(Head);

        public SeerRunSnapshot Snapshot(DateTimeOffset? now = null) => SeerMapping.ToSnapshot("r", Model, now ?? TestDeliveries.Epoch, TimeSpan.FromMinutes(30));
    }

    public static TheoryData<int, SeerStage> Stages => new()
    {
        { 1, SeerStage.RootCauseStarted },
        { 2, SeerStage.RootCauseCompleted },
        { 3, SeerStage.SolutionStarted },
        { 4, SeerStage.SolutionCompleted },
        { 5, SeerStage.CodingStarted },
        { 6, SeerStage.CodingCompleted },
        { 7, SeerStage.PrCreated },
    };

    [Theory]
    [MemberData(nameof(Stages))]
    public void Each_stage_in_order_becomes_the_current_stage(int eventsApplied, SeerStage expected)
    {
        var run = new Run();
        foreach (var e in InOrder().Take(eventsApplied))
        {
            Assert.Equal(WebhookOutcome.Applied, run.Apply(e).Outcome);
        }

        Assert.Equal(expected, run.Stage);
        Assert.Equal(eventsApplied, run.Snapshot().History.Count);
    }

    [Fact]
    public void Completed_stages_store_their_typed_payloads()
    {
        var run = new Run();
        foreach (var e in InOrder())
        {
            run.Apply(e);
        }

        var snapshot = run.Snapshot();
        Assert.Equal("Woah wow there's a bug here.", snapshot.RootCause?.Description);
        var step = snapshot.RootCause!.Steps[1];
        Assert.Equal(("internal_code", "src/app/page.ts", "owner/repo", true), (step.TimelineItemType, step.RelevantCodeFile?.FilePath, step.RelevantCodeFile?.RepoName, step.IsMostImportantEvent));
        Assert.Equal(["Go fix it", "Then go fix this other thing."], snapshot.Solution!.Steps.Select(s => s.Title));
        Assert.Equal("seer/fix-this-thing", Assert.Single(snapshot.Changes).BranchName);
        Assert.Equal("https://github.com/owner/repo/pull/123", Assert.Single(snapshot.PullRequests).PrUrl);
        Assert.Equal("1170820242", snapshot.GroupId);
    }

    [Fact]
    public void A_late_started_never_moves_the_stage_back()
    {
        var run = new Run();
        var events = InOrder();
        run.Apply(events[3]); // solution_completed
        var late = run.Apply(events[0]); // root_cause_started

        Assert.Equal(WebhookOutcome.Applied, late.Outcome);
        Assert.Equal((SeerStage.SolutionCompleted, SeerStage.SolutionCompleted), (late.StageBefore, late.StageAfter));
    }

    [Fact]
    public void A_completed_without_its_started_implies_the_start()
    {
        var run = new Run();
        run.Apply(InOrder()[1]); // root_cause_completed

        Assert.Collection(
            run.Snapshot().Stages,
            started => Assert.Equal((SeerStage.RootCauseStarted, true, null), (started.Stage, started.Implied, started.SentAt)),
            completed => Assert.Equal((SeerStage.RootCauseCompleted, false), (completed.Stage, completed.Implied)));

        run.Apply(InOrder()[0]); // the real start arrives late
        Assert.False(run.Head.Stages[SeerStage.RootCauseStarted].Implied);
        Assert.Equal(SeerStage.RootCauseCompleted, run.Stage);
    }

    [Fact]
    public void A_stage_reached_twice_or_a_redelivery_is_a_duplicate()
    {
        var run = new Run();
        var started = InOrder()[0];
        run.Apply(started);

        Assert.Equal(WebhookOutcome.Duplicate, run.Apply(Commands.Redelivered(started)).Outcome);
        Assert.Equal(WebhookOutcome.Duplicate, run.Apply(started with { Delivery = TestDeliveries.For([1, 2, 3], 500) }).Outcome);
        Assert.Single(run.Snapshot().History);
    }

    [Theory]
    [InlineData("triage_started")]
    [InlineData("impact_assessment_completed")]
    [InlineData("something_sentry_adds_next_year")]
    public void Unknown_actions_are_kept_in_history_and_never_move_the_stage(string action)
    {
        var run = new Run();
        run.Apply(InOrder()[0]);
        var body = System.Text.Encoding.UTF8.GetBytes("{\"action\":\"" + action + "\",\"data\":{\"run_id\":12345,\"group_id\":1170820242,\"triage\":{\"score\":0.7}}}");
        var unknown = Assert.IsType<SeerEventReceived>(WebhookParser.Parse("seer", body, TestDeliveries.For(body, 30)).Command);

        Assert.Equal(WebhookOutcome.Applied, run.Apply(unknown).Outcome);
        Assert.Equal(SeerStage.RootCauseStarted, run.Stage);
        var entry = run.Snapshot().History.Single(h => h.Action == action);
        Assert.Contains("\"triage\":{\"score\":0.7}", entry.DataJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 29, false)] // root_cause_started, 29 minutes quiet
    [InlineData(0, 30, true)]
    [InlineData(1, 300, false)] // root_cause_completed: not a _started stage, never stalled
    [InlineData(4, 31, true)] // coding_started
    public void A_run_in_a_started_stage_stalls_after_the_configured_quiet_time(int lastEvent, int minutesQuiet, bool stalled)
    {
        var run = new Run();
        var events = InOrder();
        for (var i = 0; i <= lastEvent; i++)
        {
            run.Apply(events[i]);
        }

        Assert.Equal(stalled, SeerRunMachine.IsStalled(run.Head, run.Head.LastEventAt!.Value.AddMinutes(minutesQuiet), TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void Time_in_stage_is_measured_by_sentry_hook_timestamp()
    {
        var run = new Run();
        var events = InOrder();
        run.Apply(events[0]);
        run.Apply(events[1]);
        Assert.Equal(TimeSpan.FromMinutes(1), SeerRunMachine.TimeInStage(run.Head, SeerStage.RootCauseStarted, SeerStage.RootCauseCompleted));
        Assert.Null(SeerRunMachine.TimeInStage(run.Head, null, SeerStage.RootCauseStarted));
    }

    [Fact]
    public void History_is_bounded_and_the_stage_payloads_outlive_the_bound()
    {
        var run = new Run(new RetentionOptions { SeerHistory = 16 });
        foreach (var e in InOrder())
        {
            run.Apply(e);
        }

        for (var i = 0; i < 40; i++)
        {
            var body = System.Text.Encoding.UTF8.GetBytes("{\"action\":\"triage_started\",\"data\":{\"run_id\":12345,\"n\":" + i + "}}");
            run.Apply(Assert.IsType<SeerEventReceived>(WebhookParser.Parse("seer", body, TestDeliveries.For(body, 600 + i)).Command));
        }

        var snapshot = run.Snapshot();
        Assert.InRange(snapshot.History.Count, 1, 16 + 4);
        Assert.Equal(TestDeliveries.Epoch.AddSeconds(639), snapshot.History[^1].SentAt);
        Assert.Equal("Woah wow there's a bug here.", snapshot.RootCause?.Description);
        Assert.Equal("https://github.com/owner/repo/pull/123", Assert.Single(snapshot.PullRequests).PrUrl);
        Assert.Equal(SeerStage.PrCreated, snapshot.Stage);
    }
}
