using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.MetricAlerts;

/// <summary>One metric alert as <see cref="MetricAlertRules"/> sees it: the stored head, its remembered deliveries and its transitions.</summary>
public sealed class MetricAlertModel(Func<MetricAlertHead> head, DeliveryMemory deliveries, SegmentedLog<TransitionRecord> transitions, RetentionOptions retention)
{
    public static readonly LogLimits TransitionLimits = new(16, 2048);

    public static MetricAlertModel Detached(MetricAlertHead head, RetentionOptions retention) => new(
        () => head,
        new DeliveryMemory(SegmentedLog<RememberedDelivery>.Detached(DeliveryMemory.Limits, () => head.Deliveries), retention),
        SegmentedLog<TransitionRecord>.Detached(TransitionLimits, () => head.Transitions),
        retention);

    public MetricAlertHead Head => head();

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
