using Sentry.Grains.ReadModel;
using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.MetricAlerts;

/// <summary>One metric alert as <see cref="MetricAlertRules"/> sees it: the stored head, its remembered deliveries and its transitions.</summary>
public sealed class MetricAlertModel(string key, Func<MetricAlertHead> head, DeliveryMemory deliveries, SegmentedLog<TransitionRecord> transitions, RetentionOptions retention)
{
    public static readonly LogLimits TransitionLimits = new(16, 2048);

    public static MetricAlertModel Detached(MetricAlertHead head, RetentionOptions retention, string key = "1") => new(
        key,
        () => head,
        new DeliveryMemory(SegmentedLog<RememberedDelivery>.Detached(DeliveryMemory.Limits, () => head.Deliveries), retention),
        SegmentedLog<TransitionRecord>.Detached(TransitionLimits, () => head.Transitions),
        retention);

    /// <summary>The alert's id.</summary>
    public string Key { get; } = key;

    public MetricAlertHead Head => head();

    /// <summary>Records a committed change for the read side: the version moves on and the outbox gets the change with the alert's row.</summary>
    public void Publish(string kind, DateTimeOffset at)
    {
        var head = Head;
        head.Version++;
        head.Outbox.Add(kind, head.Version, at, Row(Key, head));
    }

    /// <summary>The alert's read-model row as <paramref name="head"/> stands.</summary>
    public static MetricAlertRow Row(string key, MetricAlertHead head) => new()
    {
        Key = key,
        Version = head.Version,
        UpdatedAt = head.UpdatedAt,
        Status = head.Status,
        Title = head.Alert?.Title,
        RuleId = head.Alert?.AlertRule?.Id,
        RuleName = head.Alert?.AlertRule?.Name,
    };

    public DeliveryMemory Deliveries { get; } = deliveries;

    public IEnumerable<TransitionRecord> Transitions => transitions.Entries;

    public async Task LoadAsync()
    {
        await Deliveries.LoadAsync();
        await transitions.LoadAsync();
    }


    /// <summary>Adds a transition; beyond <c>Retention:MetricAlertTransitions</c> the oldest segments go.</summary>
    public void Record(TransitionRecord transition)
    {
        transitions.Append(transition);
        var live = transitions.Count;
        var dropBefore = -1;
        foreach (var (index, entries) in transitions.SealedSegments)
        {
            if (live <= retention.MetricAlertTransitions)
            {
                break;
            }

            live -= entries.Count;
            dropBefore = index + 1;
        }

        if (dropBefore >= 0)
        {
            transitions.DropSegmentsBefore(dropBefore);
        }
    }
}
