namespace Sentry.Grains.Reconciliation;

/// <summary>
/// The periodic sweep: one grain for the whole cluster (key <see cref="ReconcileSweepGrain.Key"/>) with a durable reminder every
/// <c>Reconcile:SweepInterval</c>, so it runs once per cluster, not once per silo, and survives restarts.
/// </summary>
[Alias("sentry.IReconcileSweepGrain")]
public interface IReconcileSweepGrain : IGrainWithStringKey
{
    /// <summary>Registers the reminder (or moves it to a new interval, or removes it when the sweep is disabled) if needed.</summary>
    [Alias("EnsureScheduled")]
    Task EnsureScheduledAsync();

    /// <summary>Starts a sweep now unless one is running; answers the status.</summary>
    [Alias("Start")]
    Task<ReconcileSweepStatus> StartAsync();

    [Alias("GetStatus")]
    Task<ReconcileSweepStatus> GetStatusAsync();
}

/// <summary>The sweep's settings, whether one is running, and the most recent sweeps (newest first).</summary>
[GenerateSerializer, Immutable, Alias("sentry.ReconcileSweepStatus")]
public sealed record ReconcileSweepStatus(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] TimeSpan Interval,
    [property: Id(2)] TimeSpan Window,
    [property: Id(3)] bool Running,
    [property: Id(4)] IReadOnlyList<SweepSummary> Recent);

/// <summary>
/// One sweep: its number (counting every sweep the cluster ever ran), what started it (<c>reminder</c> or <c>on_demand</c>),
/// when it started and completed (null while running, or if its silo died), the issues it listed, its outcomes
/// (<c>changed</c>, <c>unchanged</c>, <c>deferred</c>, ...) and the fields that differed, counted.
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.SweepSummary")]
public sealed record SweepSummary(
    [property: Id(0)] long Number,
    [property: Id(1)] string Trigger,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset? CompletedAt,
    [property: Id(4)] int Listed,
    [property: Id(5)] IReadOnlyDictionary<string, int> Outcomes,
    [property: Id(6)] IReadOnlyDictionary<string, int> Drift);
