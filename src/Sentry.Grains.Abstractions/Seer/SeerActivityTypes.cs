using System.Collections.Frozen;

namespace Sentry.Grains.Seer;

/// <summary>The nine <c>seer_*</c> activity types an <c>activity_alert</c> can carry, and the run stage each reports.</summary>
public static class SeerActivityTypes
{
    public const string PrCreated = "seer_pr_created";

    private static readonly FrozenDictionary<string, SeerStage?> StageOf = new Dictionary<string, SeerStage?>
    {
        ["seer_root_cause_started"] = SeerStage.RootCauseStarted,
        ["seer_root_cause_completed"] = SeerStage.RootCauseCompleted,
        ["seer_solution_started"] = SeerStage.SolutionStarted,
        ["seer_solution_completed"] = SeerStage.SolutionCompleted,
        ["seer_coding_started"] = SeerStage.CodingStarted,
        ["seer_coding_completed"] = SeerStage.CodingCompleted,
        [PrCreated] = SeerStage.PrCreated,
        ["seer_pr_iteration_started"] = null,
        ["seer_pr_iteration_completed"] = null,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsSeer(string activityType) => StageOf.ContainsKey(activityType);

    /// <summary>The documented run stage an activity reports, or null (PR iterations, other types).</summary>
    public static SeerStage? Stage(string activityType) => StageOf.GetValueOrDefault(activityType);
}
