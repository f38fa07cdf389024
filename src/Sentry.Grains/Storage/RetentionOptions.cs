using System.ComponentModel.DataAnnotations;

namespace Sentry.Grains.Storage;

/// <summary>
/// What a grain remembers, and for how long. Configuration section <c>Retention</c>. Every bound here caps memory and
/// stored rows; none of them changes what one more webhook costs to write (the logs are segmented).
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>
    /// A body applied within this window is a duplicate, however many webhooks arrived since (Sentry retries for about
    /// 15 minutes). Event ids are remembered as long, so an event is counted once within it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:15:00", "30.00:00:00")]
    public TimeSpan DeliveryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>At most this many deliveries remembered per grain; beyond it the oldest are forgotten early (logged and counted).</summary>
    [Range(1_000, 10_000_000)]
    public int MaxDeliveries { get; set; } = 100_000;

    /// <summary>Recent events shown on an issue.</summary>
    [Range(1, 10_000)]
    public int RecentEvents { get; set; } = 20;

    /// <summary>At most this many event ids remembered per issue within the window (the oldest go first).</summary>
    [Range(1_000, 10_000_000)]
    public int EventIds { get; set; } = 100_000;

    /// <summary>History entries kept per Seer run (the oldest go first).</summary>
    [Range(16, 1_000_000)]
    public int SeerHistory { get; set; } = 10_000;

    /// <summary>Transitions kept per metric alert (the oldest go first).</summary>
    [Range(16, 1_000_000)]
    public int MetricAlertTransitions { get; set; } = 10_000;
}
