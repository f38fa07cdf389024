using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Sentry.Grains.Storage;

/// <summary>
/// An append-only log kept so that adding an entry costs the same however long the log is. Its newest entries live in
/// the grain's head row (<see cref="LogTail{T}"/>) and are written with it, so an entry and the change it records commit
/// in one write. When the open entries reach <see cref="LogLimits"/>, the next commit first writes them as a sealed
/// segment — a row of its own (<c>{state}.{log}.{n}</c>), written once — and then the head, which from then on counts
/// that segment. A crash between the two leaves a segment row the head does not count, which the next seal overwrites.
/// Segments are read when first needed (<see cref="LoadAsync"/>), several at a time, and kept while the grain is active.
/// </summary>
public sealed class SegmentedLog<T> : IStoredLog where T : ILogEntry
{
    private const int ParallelReads = 16;

    private readonly IGrainStorage? storage;
    private readonly GrainId grainId;
    private readonly string rowPrefix;
    private readonly LogLimits limits;
    private readonly Func<LogTail<T>> tail;
    private readonly SortedDictionary<int, Segment> segments = [];
    private readonly List<Segment> dropped = [];

    // Kept up to date with every load, seal and drop, so the log's size and completeness cost nothing per webhook.
    private int loadedLiveSegments;
    private int loadedLiveEntries;

    /// <param name="storage">Where segment rows go; null for a detached log (pure tests): everything stays open, nothing is read.</param>
    /// <param name="rowPrefix">The rows' state-name prefix, e.g. <c>issue.comments</c>.</param>
    /// <param name="tail">The tail in the current head (the head object changes when it is reloaded).</param>
    public SegmentedLog(IGrainStorage? storage, GrainId grainId, string rowPrefix, LogLimits limits, Func<LogTail<T>> tail)
    {
        this.storage = storage;
        this.grainId = grainId;
        this.rowPrefix = rowPrefix;
        this.limits = limits;
        this.tail = tail;
    }

    /// <summary>A log kept only in memory (segments sealed in memory as they fill), for the pure rules' tests.</summary>
    public static SegmentedLog<T> Detached(LogLimits limits, Func<LogTail<T>> tail) => new(null, default, "", limits, tail);

    private LogTail<T> Tail => tail();

    /// <summary>True when every live segment is in memory, so <see cref="Entries"/> is the whole log.</summary>
    public bool IsLoaded => loadedLiveSegments == Tail.Sealed - Tail.FirstLive;

    /// <summary>Live entries in the log, sealed (in memory) or open.</summary>
    public int Count => loadedLiveEntries + Tail.Open.Count;

    /// <summary>Every live entry, oldest first. Call <see cref="LoadAsync"/> first.</summary>
    public IEnumerable<T> Entries
    {
        get
        {
            if (!IsLoaded)
            {
                throw new InvalidOperationException($"Log {rowPrefix} is not loaded.");
            }

            foreach (var (index, segment) in segments)
            {
                if (index >= Tail.FirstLive && index < Tail.Sealed)
                {
                    foreach (var entry in segment.Entries)
                    {
                        yield return entry;
                    }
                }
            }

            foreach (var entry in Tail.Open)
            {
                yield return entry;
            }
        }
    }

    /// <summary>The live sealed segments in memory, oldest first, with their index.</summary>
    public IEnumerable<(int Index, IReadOnlyList<T> Entries)> SealedSegments =>
        segments.Where(s => s.Key >= Tail.FirstLive && s.Key < Tail.Sealed).Select(s => (s.Key, (IReadOnlyList<T>)s.Value.Entries));

    /// <summary>Adds <paramref name="entry"/> to the open part; it is stored by the next commit of the head.</summary>
    public void Append(T entry)
    {
        Tail.Open.Add(entry);
        if (storage is null && IsFull)
        {
            Add(new Segment(Tail.Sealed, new GrainState<LogSegment<T>>(new LogSegment<T> { Entries = Tail.Open })));
            Tail.Sealed++;
            Tail.Open = [];
        }
    }

    /// <summary>True when the open entries reached the log's limits and the next commit seals them.</summary>
    private bool IsFull => Tail.Open.Count >= limits.SealAtCount || Tail.Open.Sum(e => e.ApproximateBytes) >= limits.SealAtBytes;

    /// <summary>Drops the live segments below <paramref name="index"/>; their rows are removed after the next commit.</summary>
    public void DropSegmentsBefore(int index)
    {
        for (var i = Tail.FirstLive; i < Math.Min(index, Tail.Sealed); i++)
        {
            if (segments.Remove(i, out var segment))
            {
                dropped.Add(segment);
                loadedLiveSegments--;
                loadedLiveEntries -= segment.Entries.Count;
            }
        }

        Tail.FirstLive = Math.Max(Tail.FirstLive, Math.Min(index, Tail.Sealed));
    }

    /// <summary>Reads every live segment not in memory yet.</summary>
    public async Task LoadAsync()
    {
        if (storage is null || IsLoaded)
        {
            return;
        }

        var missing = Enumerable.Range(Tail.FirstLive, Tail.Sealed - Tail.FirstLive).Where(i => !segments.ContainsKey(i)).ToList();
        foreach (var batch in missing.Chunk(ParallelReads))
        {
            var read = await Task.WhenAll(batch.Select(ReadAsync));
            foreach (var segment in read)
            {
                Add(segment);
            }
        }
    }

    async Task IStoredLog.SealAsync()
    {
        var open = Tail.Open;
        if (storage is null || open.Count == 0 || !IsFull)
        {
            return;
        }

        var index = Tail.Sealed;
        var segment = new Segment(index, new GrainState<LogSegment<T>>(new LogSegment<T> { Entries = [.. open] }));
        try
        {
            await storage.WriteStateAsync(RowName(index), grainId, segment.Row);
        }
        catch (InconsistentStateException)
        {
            // A row from an attempt whose head write never happened: read its version and write over it.
            var stale = new GrainState<LogSegment<T>>(new LogSegment<T>());
            await storage.ReadStateAsync(RowName(index), grainId, stale);
            segment.Row.ETag = stale.ETag;
            await storage.WriteStateAsync(RowName(index), grainId, segment.Row);
        }

        Add(segment);
        Tail.Sealed = index + 1;
        Tail.Open = [];
    }

    async Task IStoredLog.CleanUpAsync(ILogger logger)
    {
        if (storage is null)
        {
            dropped.Clear();
            return;
        }

        foreach (var segment in dropped)
        {
            try
            {
                await storage.ClearStateAsync(RowName(segment.Index), grainId, segment.Row);
            }
            catch (Exception error)
            {
                // Harmless: the head no longer counts the segment; only its row stays behind.
                StoredLogMessages.LogSegmentCleanupFailed(logger, error, RowName(segment.Index), grainId);
            }
        }

        dropped.Clear();
    }

    void IStoredLog.Reset()
    {
        foreach (var index in segments.Keys.Where(i => i < Tail.FirstLive || i >= Tail.Sealed).ToList())
        {
            segments.Remove(index);
        }

        loadedLiveSegments = segments.Count;
        loadedLiveEntries = segments.Values.Sum(s => s.Entries.Count);
        dropped.Clear();
    }

    /// <summary>A live segment is now in memory (read, or just sealed).</summary>
    private void Add(Segment segment)
    {
        if (segments.TryGetValue(segment.Index, out var replaced))
        {
            loadedLiveSegments--;
            loadedLiveEntries -= replaced.Entries.Count;
        }

        segments[segment.Index] = segment;
        loadedLiveSegments++;
        loadedLiveEntries += segment.Entries.Count;
    }

    private async Task<Segment> ReadAsync(int index)
    {
        var row = new GrainState<LogSegment<T>>(new LogSegment<T>());
        await storage!.ReadStateAsync(RowName(index), grainId, row);
        if (!row.RecordExists)
        {
            throw new InvalidOperationException($"Segment row {RowName(index)} of {grainId} is missing although the head counts it.");
        }

        return new Segment(index, row);
    }

    private string RowName(int index) => $"{rowPrefix}.{index}";

    private sealed record Segment(int Index, GrainState<LogSegment<T>> Row)
    {
        public List<T> Entries => Row.State is { } segment ? segment.Entries : [];
    }
}

/// <summary>What a <see cref="StoredState{THead}"/> does with each of its logs around a head write.</summary>
public interface IStoredLog
{
    /// <summary>Before the head write: writes the open entries as a segment if they reached the log's limits.</summary>
    Task SealAsync();

    /// <summary>After a successful head write: removes the rows of segments dropped by it.</summary>
    Task CleanUpAsync(ILogger logger);

    /// <summary>After the head was reloaded: forgets what the reloaded head does not count.</summary>
    void Reset();
}

internal static partial class StoredLogMessages
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing the dropped log segment {Row} of {GrainId} failed; the row stays behind")]
    public static partial void LogSegmentCleanupFailed(ILogger logger, Exception exception, string row, GrainId grainId);
}
