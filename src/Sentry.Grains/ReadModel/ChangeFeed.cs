namespace Sentry.Grains.ReadModel;

/// <summary>
/// A position in the change feed. On PostgreSQL it is the id of the transaction that published the entry and the entry's
/// sequence number; entries are read in that order and only from transactions older than every one still running, so a
/// reader never skips an entry that commits after it read a later one. In memory the transaction part is 0.
/// </summary>
public readonly record struct FeedCursor(long Transaction, long Sequence) : IComparable<FeedCursor>
{
    public static readonly FeedCursor Start = new(0, 0);

    public int CompareTo(FeedCursor other) => (Transaction, Sequence).CompareTo((other.Transaction, other.Sequence));

    public static bool operator <(FeedCursor a, FeedCursor b) => a.CompareTo(b) < 0;
    public static bool operator >(FeedCursor a, FeedCursor b) => a.CompareTo(b) > 0;
    public static bool operator <=(FeedCursor a, FeedCursor b) => a.CompareTo(b) <= 0;
    public static bool operator >=(FeedCursor a, FeedCursor b) => a.CompareTo(b) >= 0;
}

/// <summary>One entry of the change feed.</summary>
public sealed record FeedEntry(FeedCursor Cursor, string Kind, string Resource, string Key, long Version, DateTimeOffset At, string DataJson);

/// <summary>A read of the feed: entries after <c>after</c> whose kind matches one of <see cref="Kinds"/> (all when empty).</summary>
/// <param name="Kinds">Exact kinds (<c>issue.status</c>) or resources (<c>issue</c>: every <c>issue.*</c>).</param>
public sealed record FeedQuery(FeedCursor After, IReadOnlyList<string> Kinds, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public bool Matches(string kind) =>
        Kinds.Count == 0 || Kinds.Any(k => k == kind || (kind.StartsWith(k, StringComparison.Ordinal) && kind.Length > k.Length && kind[k.Length] == '.'));
}

/// <summary>
/// What a feed read gave: the entries, where to continue (after the last entry read, or where the read stopped when no
/// entry matched), and, when <c>after</c> lies before what retention kept, <see cref="Expired"/> with the oldest cursor.
/// </summary>
public sealed record FeedPage(IReadOnlyList<FeedEntry> Entries, FeedCursor Next, bool Expired, FeedCursor? Oldest);
