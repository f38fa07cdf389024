namespace Sentry.Grains.Storage;

/// <summary>
/// The part of a <see cref="SegmentedLog{T}"/> stored in its grain's head row: the newest entries (written with every
/// head write, so appending one is part of the same atomic write as the change it records) and which sealed segments
/// (rows of their own, written once) are live.
/// </summary>
[GenerateSerializer, Alias("sentry.v2.LogTail`1")]
public sealed class LogTail<T>
{
    /// <summary>Entries not yet sealed into a segment, oldest first.</summary>
    [Id(0)] public List<T> Open { get; set; } = [];

    /// <summary>Segments <c>0 .. Sealed - 1</c> have been written.</summary>
    [Id(1)] public int Sealed { get; set; }

    /// <summary>Segments below this were dropped (expired or over a bound).</summary>
    [Id(2)] public int FirstLive { get; set; }
}

/// <summary>One sealed segment of a <see cref="SegmentedLog{T}"/>: a row of its own, written once.</summary>
[GenerateSerializer, Alias("sentry.v2.LogSegment`1")]
public sealed class LogSegment<T>
{
    [Id(0)] public List<T> Entries { get; set; } = [];
}

/// <summary>An entry of a <see cref="SegmentedLog{T}"/>, with a rough size so the head's open part stays small.</summary>
public interface ILogEntry
{
    /// <summary>Roughly the bytes this entry adds to a stored row.</summary>
    int ApproximateBytes { get; }
}

/// <summary>When a log's open entries are sealed into a segment: at this many entries, or this many (approximate) bytes.</summary>
public sealed record LogLimits(int SealAtCount, int SealAtBytes);
