using System.Collections.Frozen;

namespace Sentry.Grains.Seer;

/// <summary>The nine <c>seer_*</c> activity types an <c>activity_alert</c> can carry, and the run stage each reports.</summary>
public static class SeerActivityTypes
{
    public const string PrCreated = "seer_pr_created";
    public const string PrIterationStarted = "seer_pr_iteration_started";
    public const string PrIterationCompleted = "seer_pr_iteration_completed";

    private static readonly FrozenDictionary<string, string?> StageOf = new Dictionary<string, string?>
    {
        ["seer_root_cause_started"] = SeerStages.RootCauseStarted,
        ["seer_root_cause_completed"] = SeerStages.RootCauseCompleted,
        ["seer_solution_started"] = SeerStages.SolutionStarted,
        ["seer_solution_completed"] = SeerStages.SolutionCompleted,
        ["seer_coding_started"] = SeerStages.CodingStarted,
        ["seer_coding_completed"] = SeerStages.CodingCompleted,
        [PrCreated] = SeerStages.PrCreated,
        [PrIterationStarted] = null,
        [PrIterationCompleted] = null,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IReadOnlyCollection<string> All => StageOf.Keys;

    public static bool IsSeer(string activityType) => StageOf.ContainsKey(activityType);

    /// <summary>The documented run stage an activity reports, or null (PR iterations, other types).</summary>
    public static string? Stage(string activityType) => StageOf.GetValueOrDefault(activityType);
}
