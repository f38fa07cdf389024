namespace Sentry.Grains.ReadModel;

/// <summary>
/// One committed change a grain must publish: its kind (resource and what changed, e.g. <c>issue.status</c>,
/// <c>comment.deleted</c>, <c>seer.stalled</c>), the grain's version after it, when, the grain's read-model row at that
/// version, and the item it concerns as JSON (the comment, the event) when there is one. Kept in the grain's head
/// (the outbox) in the same write as the change, and dropped once published.
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.v2.PendingChange")]
public sealed record PendingChange(
    [property: Id(0)] string Kind,
    [property: Id(1)] long Version,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] ReadModelRow Row,
    [property: Id(4)] string? ItemJson);

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
}
