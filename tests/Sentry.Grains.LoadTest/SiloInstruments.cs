namespace Sentry.Grains.LoadTest;

/// <summary>
/// The instruments the load test reads from the silo (<see cref="SiloMetrics"/>): what its grains write, and what
/// dotnet-counters would show of its runtime and of Orleans (GC, thread pool, locks, activations).
/// </summary>
public static class SiloInstruments
{
    private const string SentryGrains = "Sentry.Grains";
    private const string Runtime = "System.Runtime";
    private const string Orleans = "Microsoft.Orleans";

    /// <summary>Bytes of grain state serialized for writing (every provider), counter.</summary>
    public const string StateBytes = "sentry_grains.storage.bytes_written";

    /// <summary>Grain state rows written, counter.</summary>
    public const string StateWrites = "sentry_grains.storage.writes";

    /// <summary>GCs by generation (tag <c>gc.heap.generation</c> = gen0, gen1, gen2), counter.</summary>
    public const string GcCollections = "dotnet.gc.collections";

    /// <summary>Bytes allocated on the managed heap, counter.</summary>
    public const string Allocated = "dotnet.gc.heap.total_allocated";

    /// <summary>Managed heap size after the last GC, by generation, gauge.</summary>
    public const string HeapSize = "dotnet.gc.last_collection.heap.size";

    /// <summary>Seconds the GC paused the process, counter.</summary>
    public const string GcPause = "dotnet.gc.pause.time";

    /// <summary>Work items queued to the thread pool and not started yet, up-down counter.</summary>
    public const string ThreadPoolQueue = "dotnet.thread_pool.queue.length";

    /// <summary>Thread-pool threads, up-down counter.</summary>
    public const string ThreadPoolThreads = "dotnet.thread_pool.thread.count";

    /// <summary>Contended monitor locks, counter.</summary>
    public const string LockContentions = "dotnet.monitor.lock_contentions";

    /// <summary>Grain activations on the silo, gauge.</summary>
    public const string Activations = "orleans-catalog-activations";

    /// <summary>Activations created, counter.</summary>
    public const string ActivationsCreated = "orleans-catalog-activation-created";

    /// <summary>Activations deactivated, counter.</summary>
    public const string ActivationsDestroyed = "orleans-catalog-activation-destroyed";

    /// <summary>Every instrument, as <c>Meter\Instrument</c> specs for the Metrics event source.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        $@"{SentryGrains}\{StateBytes}",
        $@"{SentryGrains}\{StateWrites}",
        $@"{Runtime}\{GcCollections}",
        $@"{Runtime}\{Allocated}",
        $@"{Runtime}\{HeapSize}",
        $@"{Runtime}\{GcPause}",
        $@"{Runtime}\{ThreadPoolQueue}",
        $@"{Runtime}\{ThreadPoolThreads}",
        $@"{Runtime}\{LockContentions}",
        $@"{Orleans}\{Activations}",
        $@"{Orleans}\{ActivationsCreated}",
        $@"{Orleans}\{ActivationsDestroyed}",
    ];
}
