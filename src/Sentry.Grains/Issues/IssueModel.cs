using Sentry.Grains.ReadModel;
using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>
/// One issue as <see cref="IssueRules"/> sees it: the stored head plus its logs, folded into what the rules ask —
/// has this body been applied, the current record of a comment, has this event been counted. The grain loads the logs
/// before a rule runs; the rules stay pure (tests build a detached model with no storage).
/// </summary>
public sealed class IssueModel
{
    private readonly Func<IssueHead> head;
    private readonly SegmentedLog<CommentRecord> comments;
    private readonly SegmentedLog<EventRecord> events;
    private readonly RetentionOptions retention;
    private Dictionary<string, CommentRecord>? commentIndex;
    private int liveComments;
    private Dictionary<string, DateTimeOffset>? eventIndex;

    public IssueModel(
        string key,
        Func<IssueHead> head,
        DeliveryMemory deliveries,
        SegmentedLog<CommentRecord> comments,
        SegmentedLog<EventRecord> events,
        RetentionOptions retention)
    {
        Key = key;
        this.head = head;
        this.comments = comments;
        this.events = events;
        this.retention = retention;
        Deliveries = deliveries;
    }

    /// <summary>Comment logs seal at 4 comments or 2 KB, event logs at 8 events or 2 KB.</summary>
    public static readonly LogLimits CommentLimits = new(4, 2048);
    public static readonly LogLimits EventLimits = new(8, 2048);

    /// <summary>A model kept only in memory, for the pure rules' tests.</summary>
    public static IssueModel Detached(IssueHead head, RetentionOptions retention, string key = "1") => new(
        key,
        () => head,
        new DeliveryMemory(SegmentedLog<RememberedDelivery>.Detached(DeliveryMemory.Limits, () => head.Deliveries), retention),
        SegmentedLog<CommentRecord>.Detached(CommentLimits, () => head.Comments),
        SegmentedLog<EventRecord>.Detached(EventLimits, () => head.Events),
        retention);

    /// <summary>The issue's id.</summary>
    public string Key { get; }

    public IssueHead Head => head();

    /// <summary>Records a committed change for the read side: the version moves on and the outbox gets the change with the issue's row.</summary>
    public void Publish(string kind, DateTimeOffset at, string? itemJson = null)
    {
        var head = Head;
        head.Version++;
        head.Outbox.Add(kind, head.Version, at, IssueReadModel.Row(this), itemJson);
    }

    public DeliveryMemory Deliveries { get; }

    /// <summary>Reads whatever part of the logs is not in memory yet.</summary>
    public async Task LoadAsync()
    {
        await Deliveries.LoadAsync();
        await comments.LoadAsync();
        await events.LoadAsync();
    }

    /// <summary>After the head was reloaded: fold the logs again.</summary>
    public void Reset()
    {
        commentIndex = null;
        eventIndex = null;
    }

    /// <summary>Every comment as it stands now.</summary>
    public IReadOnlyCollection<CommentRecord> Comments => CommentIndex.Values;

    /// <summary>The comment <paramref name="commentId"/> as it stands, or null if it was never seen.</summary>
    public CommentRecord? Comment(string commentId) => CommentIndex.GetValueOrDefault(commentId);

    /// <summary>Comments not deleted.</summary>
    public int LiveCommentCount
    {
        get
        {
            _ = CommentIndex;
            return liveComments;
        }
    }

    /// <summary>Records the comment as it stands after a change (appended to the comment log).</summary>
    public void Record(CommentRecord comment)
    {
        comments.Append(comment);
        var index = CommentIndex;
        liveComments += (comment.Deleted ? 0 : 1) - (index.TryGetValue(comment.CommentId, out var before) && !before.Deleted ? 1 : 0);
        index[comment.CommentId] = comment;
    }

    /// <summary>True when the event was counted within <c>Retention:DeliveryWindow</c> before <paramref name="now"/>.</summary>
    public bool HasEvent(string eventId, DateTimeOffset now) =>
        EventIndex.TryGetValue(eventId, out var at) && at >= now - retention.DeliveryWindow;

    /// <summary>The most recent events by when they occurred, newest first.</summary>
    public IEnumerable<EventRecord> RecentEvents(int count) =>
        events.Entries.Where(e => e.Source != EventRecord.IdOnly).OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.ReceivedAt).Take(count);

    /// <summary>Counts an event: appended to the event log, whose old segments go once out of the window and not among the recent ones.</summary>
    public void Record(EventRecord @event)
    {
        events.Append(@event);
        EventIndex[@event.EventId] = @event.ReceivedAt;
        var windowStart = @event.ReceivedAt - retention.DeliveryWindow;
        var live = events.Count;
        var dropBefore = -1;
        foreach (var (index, entries) in events.SealedSegments)
        {
            var remaining = live - entries.Count;
            var expired = remaining >= retention.RecentEvents && entries.All(e => e.ReceivedAt < windowStart);
            if (!expired && live <= retention.EventIds)
            {
                break;
            }

            live = remaining;
            dropBefore = index + 1;
            foreach (var forgotten in entries)
            {
                if (EventIndex.TryGetValue(forgotten.EventId, out var at) && at == forgotten.ReceivedAt)
                {
                    EventIndex.Remove(forgotten.EventId);
                }
            }
        }

        if (dropBefore >= 0)
        {
            events.DropSegmentsBefore(dropBefore);
        }
    }

    private Dictionary<string, CommentRecord> CommentIndex
    {
        get
        {
            if (commentIndex is null)
            {
                commentIndex = comments.Entries.GroupBy(c => c.CommentId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
                liveComments = commentIndex.Values.Count(c => !c.Deleted);
            }

            return commentIndex;
        }
    }

    private Dictionary<string, DateTimeOffset> EventIndex =>
        eventIndex ??= events.Entries.GroupBy(e => e.EventId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(e => e.ReceivedAt), StringComparer.Ordinal);
}
