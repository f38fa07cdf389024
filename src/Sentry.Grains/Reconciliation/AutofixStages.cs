using Sentry.Grains.Seer;
using Sentry.Grains.SentryApi;

namespace Sentry.Grains.Reconciliation;

/// <summary>
/// Pure: the documented stages an autofix state shows reached. Its shape is experimental and changes, so it is read by
/// meaning: a step (or block) whose key or title speaks of the root cause, the solution (or plan) or the code changes
/// (coding) is that phase, <c>COMPLETED</c> completes it and any other status starts it; pull requests mean
/// <c>pr_created</c>. Every stage up to the furthest one is reached (Seer goes through them in order). Steps it cannot
/// place are ignored (the whole object is kept with the run).
/// </summary>
public static class AutofixStages
{
    /// <summary>Every stage up to the furthest the state shows, in order; empty when it shows none.</summary>
    public static IReadOnlyList<SeerStage> Reached(SentryAutofix autofix)
    {
        SeerStage? furthest = autofix.PullRequests.Count > 0 ? SeerStage.PrCreated : null;
        foreach (var step in autofix.Steps)
        {
            if (PhaseOf(step) is { } started)
            {
                var completed = string.Equals(step.Status, "COMPLETED", StringComparison.OrdinalIgnoreCase);
                furthest = SeerStages.Furthest(furthest, completed ? started + 1 : started);
            }
        }

        return furthest is { } last ? [.. SeerStages.InOrder.Where(stage => stage <= last)] : [];
    }

    /// <summary>The <c>_started</c> stage of the phase a step belongs to, or null.</summary>
    private static SeerStage? PhaseOf(SentryAutofixStep step)
    {
        var text = $"{step.Key} {step.Title}".ToLowerInvariant();
        return text.Contains("root_cause", StringComparison.Ordinal) || text.Contains("root cause", StringComparison.Ordinal) ? SeerStage.RootCauseStarted
            : text.Contains("solution", StringComparison.Ordinal) || text.Contains("plan", StringComparison.Ordinal) ? SeerStage.SolutionStarted
            : text.Contains("change", StringComparison.Ordinal) || text.Contains("coding", StringComparison.Ordinal) || text.Contains("code", StringComparison.Ordinal) ? SeerStage.CodingStarted
            : null;
    }
}
