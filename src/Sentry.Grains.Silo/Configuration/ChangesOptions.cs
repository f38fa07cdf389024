using System.ComponentModel.DataAnnotations;

namespace Sentry.Grains.Silo.Configuration;

/// <summary>The change feed. Configuration section <c>Changes</c>.</summary>
public sealed class ChangesOptions
{
    public const string SectionName = "Changes";

    /// <summary>Entries older than this are removed; a reader behind it gets 410 with the oldest cursor kept.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often old entries are removed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest <c>wait</c> a long-poll read may ask for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a Server-Sent Events stream with nothing new sends a comment line, so proxies keep it open.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);
}
