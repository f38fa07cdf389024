namespace Sentry.Grains.ReadModel;

/// <summary>
/// One committed change a grain must publish: its kind (resource and what changed, e.g. <c>issue.status</c>,
/// <c>comment.deleted</c>, <c>seer.stalled</c>), the grain's version after it, when, the grain's read-model row at that
/// version, and the item it concerns as JSON (the comment, the event) when there is one. Kept in the grain's head
/// (the outbox) in the same write as the change, and dropped once published.
/// </summary>
/// <remarks>
/// In memory every entry has its <see cref="Row"/>. The stored head leaves out the row of the entry at the head's own
/// version (<see cref="Storage.StoredState{THead}"/>): it is what the head and its logs, as stored, make, and it would
/// otherwise double the bytes of every head write. A grain that loads an entry without its row makes the row again
/// from the head before anything else can change it. An entry at a lower version (changes still unpublished when a
/// later one was written) keeps its row in storage: the head has moved on since.
/// </remarks>
[GenerateSerializer, Immutable, Alias("sentry.v2.PendingChange")]
public sealed record PendingChange(
    [property: Id(0)] string Kind,
    [property: Id(1)] long Version,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] ReadModelRow? Row,
    [property: Id(4)] string? ItemJson)
{
    /// <summary>The row to publish. Null only in a head just loaded whose grain has not made the row again yet: publishing then is a bug.</summary>
    public ReadModelRow RowToPublish => Row ?? throw new InvalidOperationException(
        $"The {Kind} change at version {Version} has no read-model row: a grain publishes an outbox entry loaded without its row only after making the row again.");
}

/// <summary>A grain's changes not yet published, stored in its head.</summary>
[GenerateSerializer, Alias("sentry.v2.Outbox")]
public sealed class Outbox
{
    [Id(0)] public List<PendingChange> Pending { get; set; } = [];

    /// <summary>The highest version known to be published (entries up to it are dropped at the next write).</summary>
    [Id(1)] public long PublishedThrough { get; set; }

    /// <summary>Records a change at <paramref name="version"/> (the grain's version after it).</summary>
    public void Add(string kind, long version, DateTimeOffset at, ReadModelRow row, string? itemJson = null) =>
        Pending.Add(new PendingChange(kind, version, at, row, itemJson));

    /// <summary>The entries not known to be published, oldest first.</summary>
    public IReadOnlyList<PendingChange> Unpublished => [.. Pending.Where(p => p.Version > PublishedThrough)];

    /// <summary>Everything up to <paramref name="version"/> landed: it leaves the outbox at the next write.</summary>
    public void Published(long version)
    {
        PublishedThrough = Math.Max(PublishedThrough, version);
        Pending.RemoveAll(p => p.Version <= PublishedThrough);
    }

    /// <summary>
    /// Runs <paramref name="write"/> (the head write) with the entries at <paramref name="version"/> (the head's) without
    /// their row, then puts the rows back, whether the write succeeded or not.
    /// </summary>
    public async Task WithoutRowsAtAsync(long version, Func<Task> write)
    {
        var left = new List<(int Index, PendingChange Entry)>();
        for (var i = 0; i < Pending.Count; i++)
        {
            if (Pending[i] is { Row: not null } entry && entry.Version == version)
            {
                left.Add((i, entry));
                Pending[i] = entry with { Row = null };
            }
        }

        try
        {
            await write();
        }
        finally
        {
            foreach (var (index, entry) in left)
            {
                Pending[index] = entry;
            }
        }
    }

    /// <summary>
    /// After the head was loaded: gives each entry stored without its row the row <paramref name="currentRow"/> makes from
    /// the head at <paramref name="version"/> (the head's). Only the entry at the head's version is stored without its row;
    /// any other is refused.
    /// </summary>
    public async Task FillRowsAsync(long version, Func<Task<ReadModelRow>> currentRow)
    {
        for (var i = 0; i < Pending.Count; i++)
        {
            if (Pending[i] is not { Row: null } entry)
            {
                continue;
            }

            var row = await currentRow();
            if (entry.Version != version || row.Version != version)
            {
                throw new InvalidOperationException(
                    $"The {entry.Kind} change at version {entry.Version} was stored without its row, but the head is at version {version} (its row at {row.Version}): only the row of the head's own version is left out.");
            }

            Pending[i] = entry with { Row = row };
        }
    }
}
