using System.Collections.Frozen;

namespace Sentry.Grains.Seer;

/// <summary>
/// The one vocabulary of <see cref="SeerStage"/>: Sentry's action names (<c>root_cause_started</c> ...), which are
/// also what the HTTP API shows, and the rules of the stage order.
/// </summary>
public static class SeerStages
{
    private static readonly string[] Names =
        ["root_cause_started", "root_cause_completed", "solution_started", "solution_completed", "coding_started", "coding_completed", "pr_created"];

    private static readonly FrozenDictionary<string, SeerStage> ByName =
        Names.Select((name, index) => (name, stage: (SeerStage)index)).ToFrozenDictionary(p => p.name, p => p.stage, StringComparer.Ordinal);

    /// <summary>Every stage, in order.</summary>
    public static IReadOnlyList<SeerStage> InOrder { get; } = [.. Enum.GetValues<SeerStage>().Order()];

    /// <summary>Sentry's action name of <paramref name="stage"/>.</summary>
    public static string Name(this SeerStage stage) => Names[(int)stage];

    /// <summary>The stage Sentry's action <paramref name="action"/> names; false for any other action.</summary>
    public static bool TryParse(string? action, out SeerStage stage) =>
        ByName.TryGetValue(action ?? "", out stage);

    /// <summary>True for the <c>_started</c> stages, in which a run can stall.</summary>
    public static bool IsStarted(this SeerStage stage) =>
        stage is SeerStage.RootCauseStarted or SeerStage.SolutionStarted or SeerStage.CodingStarted;

    /// <summary>The <c>_started</c> stage a <c>_completed</c> stage implies, or null.</summary>
    public static SeerStage? ImpliedStart(this SeerStage stage) => stage switch
    {
        SeerStage.RootCauseCompleted => SeerStage.RootCauseStarted,
        SeerStage.SolutionCompleted => SeerStage.SolutionStarted,
        SeerStage.CodingCompleted => SeerStage.CodingStarted,
        _ => null,
    };

    /// <summary>The further of two stages, either of which may be unknown.</summary>
    public static SeerStage? Furthest(SeerStage? a, SeerStage? b) => a is null ? b : b is null ? a : (a > b ? a : b);
}
