using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>One Seer run as <see cref="SeerRunMachine"/> sees it: the stored head, its remembered deliveries and its history.</summary>
public sealed class SeerRunModel(string key, Func<SeerRunHead> head, DeliveryMemory deliveries, SegmentedLog<SeerHistoryRecord> history, RetentionOptions retention)
{
    /// <summary>History logs seal at 8 entries or 2 KB (a stage payload larger than that is sealed by the next write).</summary>
    public static readonly LogLimits HistoryLimits = new(8, 2048);

    /// <summary>A model kept only in memory, for the pure rules' tests.</summary>
    public static SeerRunModel Detached(SeerRunHead head, RetentionOptions retention, string key = "1") => new(
        key,
        () => head,
        new DeliveryMemory(SegmentedLog<RememberedDelivery>.Detached(DeliveryMemory.Limits, () => head.Deliveries), retention),
        SegmentedLog<SeerHistoryRecord>.Detached(HistoryLimits, () => head.History),
        retention);

    /// <summary>The run's id.</summary>
    public string Key { get; } = key;

    public SeerRunHead Head => head();

    /// <summary>Records a committed change for the read side: the version moves on and the outbox gets the change with the run's row.</summary>
    public void Publish(string kind, DateTimeOffset at, string? itemJson = null)
    {
        var head = Head;
        head.Version++;
        head.Outbox.Add(kind, head.Version, at, SeerReadModel.Row(Key, head), itemJson);
    }

    public DeliveryMemory Deliveries { get; } = deliveries;

    /// <summary>Every history entry kept, in the order they were applied.</summary>
    public IEnumerable<SeerHistoryRecord> History => history.Entries;

    public async Task LoadAsync()
    {
        await Deliveries.LoadAsync();
        await history.LoadAsync();
    }


    /// <summary>Adds an entry; beyond <c>Retention:SeerHistory</c> the oldest segments go, except entries carrying a stage payload, which move to the tail.</summary>
    public void Record(SeerHistoryRecord entry)
    {
        history.Append(entry);
        var live = history.Count;
        var dropBefore = -1;
        var carried = new List<SeerHistoryRecord>();
        foreach (var (index, entries) in history.SealedSegments)
        {
            if (live <= retention.SeerHistory)
            {
                break;
            }

            live -= entries.Count;
            dropBefore = index + 1;
            carried.AddRange(entries.Where(e => e.HasPayload));
        }

        if (dropBefore >= 0)
        {
            history.DropSegmentsBefore(dropBefore);
            carried.ForEach(history.Append);
        }
    }
}
