using Sentry.Grains.Reconciliation;
using Sentry.Grains.Seer;
using Sentry.Grains.SentryApi;

namespace Sentry.Grains.Tests.Reconciliation;

/// <summary>The stages an autofix state shows reached, from either of the shapes Sentry has used.</summary>
public sealed class AutofixStagesTests
{
    private static SentryAutofix Run(IReadOnlyList<SentryAutofixStep> steps, params SentryPullRequest[] pullRequests) =>
        new() { RunId = "1", Steps = steps, PullRequests = pullRequests, RawJson = "{}" };

    [Fact]
    public void Completed_steps_with_a_pull_request_reach_pr_created()
    {
        var stages = AutofixStages.Reached(Run(
            [new("root_cause_analysis", "Root cause", "COMPLETED"), new("solution", "Solution", "COMPLETED"), new("changes", "Code changes", "COMPLETED")],
            new SentryPullRequest("owner/repo", 7, "https://github.com/owner/repo/pull/7")));

        Assert.Equal(SeerStages.InOrder, stages);
    }

    [Fact]
    public void A_step_in_progress_is_its_started_stage()
    {
        var stages = AutofixStages.Reached(Run([new("root_cause_analysis", null, "COMPLETED"), new("solution", null, "PROCESSING")]));

        Assert.Equal([SeerStage.RootCauseStarted, SeerStage.RootCauseCompleted, SeerStage.SolutionStarted], stages);
    }

    [Fact]
    public void Blocks_are_read_by_their_title_and_unknown_ones_are_ignored()
    {
        var stages = AutofixStages.Reached(Run([new(null, "Root Cause Analysis", "COMPLETED"), new("insight", "An insight", "COMPLETED"), new(null, "Coding", "PROCESSING")]));

        Assert.Equal(SeerStage.CodingStarted, stages[^1]);
        Assert.Equal(5, stages.Count);
    }

    [Fact]
    public void No_known_step_and_no_pull_request_is_no_stage()
    {
        Assert.Empty(AutofixStages.Reached(Run([new("triage", "Triage", "COMPLETED")])));
    }
}
