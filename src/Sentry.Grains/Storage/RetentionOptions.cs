using System.ComponentModel.DataAnnotations;

namespace Sentry.Grains.Storage;

/// <summary>
/// Bounds on what a grain remembers, so a state write's cost does not grow without end.
/// Configuration section <c>Retention</c>.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Request-IDs and body digests each grain remembers for deduplication (each).</summary>
    [Range(16, 100_000)]
    public int Deliveries { get; set; } = 256;

    /// <summary>Recent events kept on an issue.</summary>
    [Range(1, 10_000)]
    public int RecentEvents { get; set; } = 20;

    /// <summary>Event ids an issue remembers so a redelivered event is not counted twice.</summary>
    [Range(16, 100_000)]
    public int EventIds { get; set; } = 1_000;

    /// <summary>History entries kept per Seer run.</summary>
    [Range(16, 100_000)]
    public int SeerHistory { get; set; } = 500;

    /// <summary>Transitions kept per metric alert.</summary>
    [Range(16, 100_000)]
    public int MetricAlertTransitions { get; set; } = 200;
}
