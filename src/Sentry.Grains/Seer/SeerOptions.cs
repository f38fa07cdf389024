using System.ComponentModel.DataAnnotations;

namespace Sentry.Grains.Seer;

/// <summary>Seer settings, configuration section <c>Seer</c>.</summary>
public sealed class SeerOptions
{
    public const string SectionName = "Seer";

    /// <summary>A run in a <c>_started</c> stage with no event for this long is reported stalled.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromMinutes(30);
}
