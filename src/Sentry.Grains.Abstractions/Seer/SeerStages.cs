namespace Sentry.Grains.Seer;

/// <summary>The documented Seer stages, in the order a run goes through them.</summary>
public static class SeerStages
{
    public const string RootCauseStarted = "root_cause_started";
    public const string RootCauseCompleted = "root_cause_completed";
    public const string SolutionStarted = "solution_started";
    public const string SolutionCompleted = "solution_completed";
    public const string CodingStarted = "coding_started";
    public const string CodingCompleted = "coding_completed";
    public const string PrCreated = "pr_created";

    private static readonly string[] Ordered =
        [RootCauseStarted, RootCauseCompleted, SolutionStarted, SolutionCompleted, CodingStarted, CodingCompleted, PrCreated];

    public static IReadOnlyList<string> InOrder => Ordered;

    /// <summary>The stage's position in <see cref="InOrder"/>, or -1 for an action that is not a stage.</summary>
    public static int IndexOf(string? action) => action is null ? -1 : Array.IndexOf(Ordered, action);

    /// <summary>True for the <c>_started</c> stages, in which a run can stall.</summary>
    public static bool IsStarted(string? stage) => IndexOf(stage) >= 0 && stage!.EndsWith("_started", StringComparison.Ordinal);

    /// <summary>The <c>_started</c> stage a <c>_completed</c> stage implies, or null.</summary>
    public static string? ImpliedStart(string stage) => stage switch
    {
        RootCauseCompleted => RootCauseStarted,
        SolutionCompleted => SolutionStarted,
        CodingCompleted => CodingStarted,
        _ => null,
    };
}
