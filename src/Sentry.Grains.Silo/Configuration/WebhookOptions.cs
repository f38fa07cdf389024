using System.ComponentModel.DataAnnotations;

namespace Sentry.Grains.Silo.Configuration;

/// <summary>The webhook endpoint's limits. Configuration section <c>Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Bodies larger than this are refused with 413 before they are read whole.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Attempts of the grain call when a silo died or is unreachable (the cluster has not noticed yet);
    /// after the last one the webhook answers 503. Commands are idempotent, so a retry is safe.
    /// </summary>
    [Range(1, 10)]
    public int GrainCallAttempts { get; set; } = 3;

    /// <summary>
    /// How far in the future (relative to its receipt) a <c>Sentry-Hook-Timestamp</c> may be and still order the
    /// webhook. Sentry sets the header when it sends, unsigned: a later one (a middlebox, a replayed capture) is not
    /// trusted, and the webhook is ordered by the time it was received instead (counted and logged).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait before the second attempt; the n-th waits n times this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan GrainCallRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);
}
