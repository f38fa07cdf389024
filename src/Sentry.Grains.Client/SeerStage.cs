using System.Text.Json.Serialization;

namespace Sentry.Grains.Client;

/// <summary>
/// A Seer run's stage, as Sentry names it (<c>root_cause_started</c> ... <c>pr_created</c>). The known stages are the
/// static properties; a stage a newer server reports is kept as it comes (<see cref="Value"/>) rather than failing.
/// </summary>
[JsonConverter(typeof(StringValueJsonConverter<SeerStage>))]
public readonly record struct SeerStage : IStringValue<SeerStage>
{
    /// <summary>A stage by Sentry's name for it.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public SeerStage(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
    }

    /// <summary><c>root_cause_started</c>.</summary>
    public static SeerStage RootCauseStarted { get; } = new("root_cause_started");

    /// <summary><c>root_cause_completed</c>.</summary>
    public static SeerStage RootCauseCompleted { get; } = new("root_cause_completed");

    /// <summary><c>solution_started</c>.</summary>
    public static SeerStage SolutionStarted { get; } = new("solution_started");

    /// <summary><c>solution_completed</c>.</summary>
    public static SeerStage SolutionCompleted { get; } = new("solution_completed");

    /// <summary><c>coding_started</c>.</summary>
    public static SeerStage CodingStarted { get; } = new("coding_started");

    /// <summary><c>coding_completed</c>.</summary>
    public static SeerStage CodingCompleted { get; } = new("coding_completed");

    /// <summary><c>pr_created</c>: the run opened a pull request.</summary>
    public static SeerStage PrCreated { get; } = new("pr_created");

    /// <summary>Sentry's name of the stage, as the API writes it.</summary>
    public string Value { get; }

    /// <summary>The stage named <paramref name="value"/>.</summary>
    public static implicit operator SeerStage(string value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value ?? "";

    static SeerStage IStringValue<SeerStage>.Create(string value) => new(value);
}
