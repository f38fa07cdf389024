using System.Diagnostics.Metrics;
using Sentry.Grains.Seer;

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
    private readonly Counter<long> stateBytesWritten;
    private readonly Counter<long> stateWrites;
    private readonly Counter<long> deliveriesForgotten;
    private readonly Counter<long> changesPublished;
    private readonly Histogram<double> publishDuration;
    private readonly Histogram<double> publishLag;

    public SentryGrainsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        seerStageDuration = meter.CreateHistogram<double>(
            "sentry_grains.seer.stage.duration", "s", "Time a Seer run spent in a stage, by Sentry-Hook-Timestamp, recorded when it reaches the next.");
        seerRuns = meter.CreateCounter<long>(
            "sentry_grains.seer.runs", "{run}", "Seer runs reaching a stage, tagged with the stage.");
        tokenRefreshes = meter.CreateCounter<long>(
            "sentry_grains.installation.token_refreshes", "{refresh}", "Installation access-token refreshes, tagged outcome = succeeded, failed or recovered (through the manual refresh, counted besides its succeeded).");
        stateBytesWritten = meter.CreateCounter<long>(
            "sentry_grains.storage.bytes_written", "By", "Bytes of grain state written (serialized payloads, any provider), tagged with the stored type.");
        stateWrites = meter.CreateCounter<long>(
            "sentry_grains.storage.writes", "{write}", "Grain state rows written, tagged with the stored type.");
        deliveriesForgotten = meter.CreateCounter<long>(
            "sentry_grains.deliveries.forgotten", "{delivery}", "Remembered deliveries dropped before the end of Retention:DeliveryWindow because a grain reached Retention:MaxDeliveries.");
        changesPublished = meter.CreateCounter<long>(
            "sentry_grains.changes.published", "{change}", "Committed changes published to the read model and the change feed.");
        publishDuration = meter.CreateHistogram<double>(
            "sentry_grains.changes.publish.duration", "s", "Time to write one batch of changes to the read model and the feed.");
        publishLag = meter.CreateHistogram<double>(
            "sentry_grains.changes.lag", "s", "Time from a change's commit to its feed entry.");
    }

    /// <summary>A batch of <paramref name="count"/> changes was published in <paramref name="duration"/>, each <paramref name="lags"/> after its commit.</summary>
    public void ChangesPublished(int count, TimeSpan duration, IEnumerable<TimeSpan> lags)
    {
        changesPublished.Add(count);
        publishDuration.Record(duration.TotalSeconds);
        foreach (var lag in lags)
        {
            publishLag.Record(Math.Max(0, lag.TotalSeconds));
        }
    }

    /// <summary>A state payload of <paramref name="bytes"/> bytes, of stored type <paramref name="type"/>, is being written.</summary>
    public void StateWritten(Type type, int bytes)
    {
        var tag = new KeyValuePair<string, object?>("type", StoredTypeName(type));
        stateBytesWritten.Add(bytes, tag);
        stateWrites.Add(1, tag);
    }

    /// <summary>A grain at its delivery bound forgot <paramref name="count"/> deliveries early.</summary>
    public void DeliveriesForgotten(int count) => deliveriesForgotten.Add(count);

    private static string StoredTypeName(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(",", type.GetGenericArguments().Select(StoredTypeName))}>" : type.Name;

    /// <summary>An installation's token refresh call to Sentry ended.</summary>
    public void TokenRefreshed(bool succeeded) =>
        tokenRefreshes.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed"));

    /// <summary>A refused refresh was recovered through Sentry's manual refresh (outcome <c>recovered</c>).</summary>
    public void TokenRefreshRecovered() =>
        tokenRefreshes.Add(1, new KeyValuePair<string, object?>("outcome", "recovered"));

    /// <summary>A run moved from <paramref name="from"/> to <paramref name="to"/> after <paramref name="timeInStage"/>.</summary>
    public void SeerStageReached(SeerStage? from, SeerStage to, TimeSpan? timeInStage)
    {
        seerRuns.Add(1, new KeyValuePair<string, object?>("stage", to.Name()));
        if (from is { } left && timeInStage is { } duration && duration >= TimeSpan.Zero)
        {
            seerStageDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("stage", left.Name()));
        }
    }
}
