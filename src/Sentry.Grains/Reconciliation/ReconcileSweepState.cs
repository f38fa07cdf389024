namespace Sentry.Grains.Reconciliation;

/// <summary>The sweep grain's stored state: sweeps counted, the reminder's period, the most recent sweeps.</summary>
[GenerateSerializer, Alias("sentry.v2.ReconcileSweepState")]
public sealed class ReconcileSweepState
{
    /// <summary>The most recent sweeps kept.</summary>
    public const int RecentKept = 20;

    /// <summary>Sweeps started, ever.</summary>
    [Id(0)] public long Number { get; set; }

    /// <summary>The period the reminder is registered with; null when there is none.</summary>
    [Id(1)] public TimeSpan? ReminderPeriod { get; set; }

    /// <summary>The most recent sweeps, oldest first.</summary>
    [Id(2)] public List<SweepRecord> Recent { get; set; } = [];
}

/// <summary>One sweep as stored.</summary>
[GenerateSerializer, Alias("sentry.v2.SweepRecord")]
public sealed class SweepRecord
{
    [Id(0)] public long Number { get; set; }
    [Id(1)] public string Trigger { get; set; } = "";
    [Id(2)] public DateTimeOffset StartedAt { get; set; }
    [Id(3)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(4)] public int Listed { get; set; }
    [Id(5)] public Dictionary<string, int> Outcomes { get; set; } = [];
    [Id(6)] public Dictionary<string, int> Drift { get; set; } = [];

    public SweepSummary ToSummary() => new(Number, Trigger, StartedAt, CompletedAt, Listed, new Dictionary<string, int>(Outcomes), new Dictionary<string, int>(Drift));
}
