using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>
/// The Seer run state machine, pure. A run's stage is the furthest documented stage reached, so
/// events can arrive in any order and any number of times and end in the same state as one
/// in-order delivery: a late <c>_started</c> never moves the stage back, a <c>_completed</c>
/// without its <c>_started</c> implies it, a stage already reached is a duplicate (natural key
/// run id + stage), and an action that is not a stage is kept in the history without moving it.
/// </summary>
public static class SeerRunMachine
{
    /// <summary>Applies one event; returns the outcome and the stage before and after.</summary>
    public static SeerTransition Apply(SeerRunState state, SeerEventReceived received, RetentionOptions retention)
    {
        var before = CurrentStage(state);
        if (state.Deliveries.Contains(received.Delivery))
        {
            return new SeerTransition(WebhookOutcome.Duplicate, before, before);
        }

        var delivery = received.Delivery;
        if (SeerStages.IndexOf(received.Action) >= 0)
        {
            if (state.Stages.TryGetValue(received.Action, out var reached) && !reached.Implied)
            {
                return new SeerTransition(WebhookOutcome.Duplicate, before, before);
            }

            state.Stages[received.Action] = new SeerStageState(delivery.SentAt, delivery.ReceivedAt, delivery.RequestId, Implied: false);
            if (SeerStages.ImpliedStart(received.Action) is { } start && !state.Stages.ContainsKey(start))
            {
                state.Stages[start] = new SeerStageState(null, null, null, Implied: true);
            }

            state.RootCause = received.RootCause ?? state.RootCause;
            state.Solution = received.Solution ?? state.Solution;
            if (received.Changes is { } changes)
            {
                state.Changes = [.. changes];
            }

            if (received.PullRequests is { } pullRequests)
            {
                state.PullRequests = [.. pullRequests];
            }
        }

        state.GroupId ??= received.GroupId;
        AddHistory(state.History, new SeerHistoryEntry(received.Action, delivery.SentAt, delivery.ReceivedAt, delivery.RequestId, received.DataJson), retention.SeerHistory);
        state.LastEventAt = Ordering.Newest(state.LastEventAt, delivery.ReceivedAt);
        state.Deliveries.Remember(delivery, retention.Deliveries);
        return new SeerTransition(WebhookOutcome.Applied, before, CurrentStage(state));
    }

    /// <summary>The furthest stage reached, or null.</summary>
    public static string? CurrentStage(SeerRunState state)
    {
        string? furthest = null;
        foreach (var stage in state.Stages.Keys)
        {
            if (SeerStages.IndexOf(stage) > SeerStages.IndexOf(furthest))
            {
                furthest = stage;
            }
        }

        return furthest;
    }

    /// <summary>
    /// How long the run was in <paramref name="from"/> before it reached <paramref name="to"/>, by
    /// Sentry-Hook-Timestamp; null when either time is unknown (implied stages, no timestamp).
    /// </summary>
    public static TimeSpan? TimeInStage(SeerRunState state, string? from, string? to) =>
        from is not null && to is not null
        && state.Stages.GetValueOrDefault(from)?.SentAt is { } left
        && state.Stages.GetValueOrDefault(to)?.SentAt is { } reached
            ? reached - left
            : null;

    /// <summary>A run in a <c>_started</c> stage with no event for <paramref name="stallAfter"/> is stalled.</summary>
    public static bool IsStalled(SeerRunState state, DateTimeOffset now, TimeSpan stallAfter) =>
        SeerStages.IsStarted(CurrentStage(state)) && state.LastEventAt is { } last && now - last >= stallAfter;

    public static SeerRunSnapshot ToSnapshot(string runId, SeerRunState state, DateTimeOffset now, TimeSpan stallAfter) => new()
    {
        RunId = runId,
        GroupId = state.GroupId,
        Stage = CurrentStage(state),
        Stalled = IsStalled(state, now, stallAfter),
        Stages = [.. SeerStages.InOrder
            .Where(state.Stages.ContainsKey)
            .Select(stage => state.Stages[stage] is var s ? new SeerStageReached(stage, s.SentAt, s.ReceivedAt, s.Implied) : null!)],
        RootCause = state.RootCause,
        Solution = state.Solution,
        Changes = [.. state.Changes],
        PullRequests = [.. state.PullRequests],
        History = [.. state.History],
        LastEventAt = state.LastEventAt,
    };

    private static void AddHistory(List<SeerHistoryEntry> history, SeerHistoryEntry entry, int capacity)
    {
        history.Add(entry);
        history.Sort(CompareHistory);
        if (history.Count > capacity)
        {
            history.RemoveRange(0, history.Count - capacity);
        }
    }

    private static int CompareHistory(SeerHistoryEntry a, SeerHistoryEntry b)
    {
        var bySent = (a.SentAt ?? a.ReceivedAt).CompareTo(b.SentAt ?? b.ReceivedAt);
        if (bySent != 0)
        {
            return bySent;
        }

        var byStage = Rank(a.Action).CompareTo(Rank(b.Action));
        return byStage != 0 ? byStage : string.CompareOrdinal(a.Action, b.Action) is var byAction and not 0
            ? byAction
            : string.CompareOrdinal(a.RequestId, b.RequestId);

        static int Rank(string action) => SeerStages.IndexOf(action) is var index and >= 0 ? index : int.MaxValue;
    }
}

/// <summary>The outcome of one Seer event and the run's stage before and after it.</summary>
public readonly record struct SeerTransition(WebhookOutcome Outcome, string? StageBefore, string? StageAfter);
