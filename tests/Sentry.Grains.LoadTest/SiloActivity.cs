namespace Sentry.Grains.LoadTest;

/// <summary>What the silo did over one load level, from the <see cref="SiloMetricsSnapshot"/>s before and after it.</summary>
public sealed record SiloActivity(
    double StateBytes,
    double StateWrites,
    double Gen0Collections,
    double Gen1Collections,
    double Gen2Collections,
    double AllocatedBytes,
    double GcPauseSeconds,
    double HeapBytesAfter,
    double ThreadPoolQueuePeak,
    double ThreadPoolThreadsPeak,
    double LockContentions,
    double ActivationsAfter,
    double ActivationsCreated,
    double ActivationsDestroyed)
{
    public static SiloActivity Between(SiloMetricsSnapshot before, SiloMetricsSnapshot after)
    {
        double Delta(string instrument, string? tag = null) => after.Value(instrument, tag) - before.Value(instrument, tag);
        return new SiloActivity(
            Delta(SiloInstruments.StateBytes),
            Delta(SiloInstruments.StateWrites),
            Delta(SiloInstruments.GcCollections, "gen0"),
            Delta(SiloInstruments.GcCollections, "gen1"),
            Delta(SiloInstruments.GcCollections, "gen2"),
            Delta(SiloInstruments.Allocated),
            Delta(SiloInstruments.GcPause),
            after.Value(SiloInstruments.HeapSize),
            after.Peak(SiloInstruments.ThreadPoolQueue),
            after.Peak(SiloInstruments.ThreadPoolThreads),
            Delta(SiloInstruments.LockContentions),
            after.Value(SiloInstruments.Activations),
            Delta(SiloInstruments.ActivationsCreated),
            Delta(SiloInstruments.ActivationsDestroyed));
    }
}
