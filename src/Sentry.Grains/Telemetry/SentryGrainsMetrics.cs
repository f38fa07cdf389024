using System.Diagnostics.Metrics;

namespace Sentry.Grains.Telemetry;

/// <summary>
/// The service's own instruments on the <c>Sentry.Grains</c> meter (the host adds the webhook ones
/// to the same meter).
/// </summary>
public sealed class SentryGrainsMetrics
{
    public const string MeterName = "Sentry.Grains";

    private readonly Histogram<double> seerStageDuration;
    private readonly Counter<long> seerRuns;
    private readonly Counter<long> tokenRefreshes;

    public SentryGrainsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        seerStageDuration = meter.CreateHistogram<double>(
            "sentry_grains.seer.stage.duration", "s", "Time a Seer run spent in a stage, by Sentry-Hook-Timestamp, recorded when it reaches the next.");
        seerRuns = meter.CreateCounter<long>(
            "sentry_grains.seer.runs", "{run}", "Seer runs reaching a stage, tagged with the stage.");
        tokenRefreshes = meter.CreateCounter<long>(
            "sentry_grains.installation.token_refreshes", "{refresh}", "Installation access-token refreshes, tagged outcome = succeeded, failed or recovered (through the manual refresh, counted besides its succeeded).");
    }

    /// <summary>An installation's token refresh call to Sentry ended.</summary>
    public void TokenRefreshed(bool succeeded) =>
        tokenRefreshes.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed"));

    /// <summary>A refused refresh was recovered through Sentry's manual refresh (outcome <c>recovered</c>).</summary>
    public void TokenRefreshRecovered() =>
        tokenRefreshes.Add(1, new KeyValuePair<string, object?>("outcome", "recovered"));

    /// <summary>A run moved from <paramref name="from"/> to <paramref name="to"/> after <paramref name="timeInStage"/>.</summary>
    public void SeerStageReached(string? from, string to, TimeSpan? timeInStage)
    {
        seerRuns.Add(1, new KeyValuePair<string, object?>("stage", to));
        if (from is not null && timeInStage is { } duration && duration >= TimeSpan.Zero)
        {
            seerStageDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("stage", from));
        }
    }
}
