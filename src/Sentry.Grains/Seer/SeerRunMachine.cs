using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>
/// The Seer run state machine, pure. A run's stage is the furthest documented stage reached, so events can arrive in any
/// order and any number of times and end in the same state as one in-order delivery: a late <c>_started</c> never moves
/// the stage back, a <c>_completed</c> without its <c>_started</c> implies it, a stage already reached is a duplicate
/// (natural key run id + stage), and an action that is not a stage is kept in the history without moving it.
/// </summary>
public static partial class SeerRunMachine
{
    /// <summary>Applies one event; returns the outcome and the stage before and after.</summary>
    public static SeerTransition Apply(SeerRunModel model, SeerEventReceived received)
    {
        var before = CurrentStage(model.Head);
        var outcome = Deduplication.Apply(model.Deliveries, received.Delivery, () => ApplyNew(model, received));
        return new SeerTransition(outcome, before, CurrentStage(model.Head));
    }

    private static WebhookOutcome ApplyNew(SeerRunModel model, SeerEventReceived received)
    {
        var head = model.Head;
        var delivery = received.Delivery;
        var before = CurrentStage(head);
        if (SeerStages.TryParse(received.Action, out var stage))
        {
            if (head.Stages.TryGetValue(stage, out var reached) && !reached.Implied)
            {
                return WebhookOutcome.Duplicate;
            }

            head.Stages[stage] = new SeerStageRecord(delivery.SentAt, delivery.ReceivedAt, delivery.RequestId, Implied: false) { Source = ChangeSources.Of(delivery) };
            if (stage.ImpliedStart() is { } start && !head.Stages.ContainsKey(start))
            {
                head.Stages[start] = new SeerStageRecord(null, null, null, Implied: true) { Source = ChangeSources.Of(delivery) };
            }
        }

        head.GroupId ??= received.GroupId;
        var entry = SeerMapping.ToRecord(received);
        model.Record(entry);
        head.LastEventAt = head.LastEventAt is { } last && last > delivery.ReceivedAt ? last : delivery.ReceivedAt;
        head.StartedAt ??= delivery.ReceivedAt;
        head.InstallationUuid = delivery.InstallationUuid ?? head.InstallationUuid;
        if (head.StalledSince is not null)
        {
            head.StalledSince = null;
            model.Publish(SeerReadModel.Resumed, delivery.ReceivedAt);
        }

        var item = ReadModel.FeedJson.Serialize(new { received.Action, delivery.SentAt, delivery.ReceivedAt, delivery.RequestId });
        model.Publish(CurrentStage(head) != before ? SeerReadModel.Stage : SeerReadModel.Event, delivery.ReceivedAt, item);
        return WebhookOutcome.Applied;
    }

    /// <summary>
    /// The stall check (from the run's durable reminder): a run sitting in a <c>_started</c> stage with no event for
    /// <paramref name="stallAfter"/> is recorded stalled, since its last event plus that time, once. True when that changed the state.
    /// </summary>
    public static bool MarkStalled(SeerRunModel model, DateTimeOffset now, TimeSpan stallAfter)
    {
        var head = model.Head;
        if (head.StalledSince is not null || !IsStalled(head, now, stallAfter))
        {
            return false;
        }

        head.StalledSince = head.LastEventAt!.Value + stallAfter;
        model.Publish(SeerReadModel.Stalled, now);
        return true;
    }

    /// <summary>True while the run can still stall (it sits in a <c>_started</c> stage and is not marked stalled yet): its reminder is needed.</summary>
    public static bool CanStall(SeerRunHead head) => head.StalledSince is null && CurrentStage(head) is { } stage && stage.IsStarted();

    /// <summary>The furthest stage reached, or null.</summary>
    public static SeerStage? CurrentStage(SeerRunHead head) => head.Stages.Count == 0 ? null : head.Stages.Keys.Max();

    /// <summary>
    /// How long the run was in <paramref name="from"/> before it reached <paramref name="to"/>, by Sentry-Hook-Timestamp;
    /// null when either time is unknown (implied stages, no timestamp).
    /// </summary>
    public static TimeSpan? TimeInStage(SeerRunHead head, SeerStage? from, SeerStage? to) =>
        from is { } left && to is { } right
        && head.Stages.GetValueOrDefault(left)?.SentAt is { } leftAt
        && head.Stages.GetValueOrDefault(right)?.SentAt is { } reachedAt
            ? reachedAt - leftAt
            : null;

    /// <summary>A run in a <c>_started</c> stage with no event for <paramref name="stallAfter"/> is stalled.</summary>
    public static bool IsStalled(SeerRunHead head, DateTimeOffset now, TimeSpan stallAfter) =>
        CurrentStage(head) is { } stage && stage.IsStarted() && head.LastEventAt is { } last && now - last >= stallAfter;
}

/// <summary>The outcome of one Seer event and the run's stage before and after it.</summary>
public readonly record struct SeerTransition(WebhookOutcome Outcome, SeerStage? StageBefore, SeerStage? StageAfter);
