using Sentry.Grains.Seer;
using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>
/// What an issue webhook does to an issue, as pure functions of (state, command): no I/O, no clock.
/// Every rule first drops a delivery whose Request-ID or body was applied before (<c>duplicate</c>),
/// then compares Sentry-Hook-Timestamp with the newest one applied to the same part of the state
/// (snapshot, each comment, latest activity): older is <c>stale</c> and changes nothing.
/// The grain writes the state once when the outcome is <c>applied</c>.
/// </summary>
public static class IssueRules
{
    /// <summary>issue created/resolved/assigned/ignored/archived/unresolved: the snapshot as Sentry sent it.</summary>
    public static WebhookOutcome Apply(IssueState state, IssueChanged change, RetentionOptions retention)
    {
        if (state.Deliveries.Contains(change.Delivery))
        {
            return WebhookOutcome.Duplicate;
        }

        if (Ordering.IsStale(change.Delivery.SentAt, state.IssueSentAt))
        {
            return WebhookOutcome.Stale;
        }

        state.Issue = change.Issue;
        state.IssueSentAt = Ordering.Newest(state.IssueSentAt, change.Delivery.SentAt);
        state.LastAction = change.Action;
        switch (change.Action)
        {
            case "assigned":
                state.Assignee = change.Assignee ?? change.Issue.AssignedTo;
                break;
            case "resolved":
                state.ResolutionType = change.ResolutionType;
                break;
            case "unresolved":
                state.ResolutionType = null;
                break;
        }

        return Applied(state, change.Delivery, retention);
    }

    /// <summary>
    /// comment created/updated/deleted, by comment id. A delete always wins and stays: a late
    /// created or updated for a deleted comment is stale. A created for a comment already known
    /// (it arrived after its update) only fills in the creation time.
    /// </summary>
    public static WebhookOutcome Apply(IssueState state, CommentChanged change, RetentionOptions retention)
    {
        if (state.Deliveries.Contains(change.Delivery))
        {
            return WebhookOutcome.Duplicate;
        }

        var known = state.Comments.TryGetValue(change.CommentId, out var comment);
        comment ??= new CommentState();
        switch (change.Action)
        {
            case "deleted":
                if (comment.Deleted)
                {
                    return WebhookOutcome.Duplicate;
                }

                comment.Deleted = true;
                comment.Text = null;
                comment.UpdatedAt = change.Timestamp ?? comment.UpdatedAt;
                break;

            case "created" when known:
                if (comment.Deleted || comment.CreatedAt is not null)
                {
                    return WebhookOutcome.Stale;
                }

                comment.CreatedAt = change.Timestamp;
                break;

            default:
                if (comment.Deleted || Ordering.IsStale(change.Delivery.SentAt, comment.SentAt))
                {
                    return WebhookOutcome.Stale;
                }

                comment.Text = change.Text;
                comment.Author = change.Actor?.Name ?? comment.Author;
                if (change.Action == "created")
                {
                    comment.CreatedAt = change.Timestamp;
                }
                else
                {
                    comment.UpdatedAt = change.Timestamp;
                }

                break;
        }

        comment.SentAt = Ordering.Newest(comment.SentAt, change.Delivery.SentAt);
        state.Comments[change.CommentId] = comment;
        return Applied(state, change.Delivery, retention);
    }

    /// <summary>event_alert triggered / error created: counted once per event id, newest events kept.</summary>
    public static WebhookOutcome Apply(IssueState state, IssueEventReceived received, RetentionOptions retention)
    {
        if (state.Deliveries.Contains(received.Delivery) || state.EventIds.Contains(received.Event.EventId, StringComparer.Ordinal))
        {
            return WebhookOutcome.Duplicate;
        }

        state.EventCount++;
        state.EventIds.Add(received.Event.EventId);
        if (state.EventIds.Count > retention.EventIds)
        {
            state.EventIds.RemoveRange(0, state.EventIds.Count - retention.EventIds);
        }

        state.RecentEvents.Add(received.Event);
        state.RecentEvents.Sort(static (a, b) => Nullable.Compare(b.OccurredAt, a.OccurredAt));
        if (state.RecentEvents.Count > retention.RecentEvents)
        {
            state.RecentEvents.RemoveRange(retention.RecentEvents, state.RecentEvents.Count - retention.RecentEvents);
        }

        return Applied(state, received.Delivery, retention);
    }

    /// <summary>activity_alert: the latest activity, and the issue snapshot it carries if that is not older.</summary>
    public static WebhookOutcome Apply(IssueState state, IssueActivityReceived received, RetentionOptions retention)
    {
        if (state.Deliveries.Contains(received.Delivery))
        {
            return WebhookOutcome.Duplicate;
        }

        var sentAt = received.Delivery.SentAt;
        if (Ordering.IsStale(sentAt, state.LatestActivity?.SentAt))
        {
            return WebhookOutcome.Stale;
        }

        state.LatestActivity = new IssueActivity(
            received.ActivityType,
            received.DetailsJson,
            received.AlertId,
            received.AlertTitle,
            Ordering.Newest(sentAt, state.LatestActivity?.SentAt),
            received.Delivery.ReceivedAt);
        if (!Ordering.IsStale(sentAt, state.IssueSentAt))
        {
            state.Issue = received.Issue;
            state.IssueSentAt = Ordering.Newest(state.IssueSentAt, sentAt);
        }

        if (SeerActivityTypes.IsSeer(received.ActivityType))
        {
            var progress = state.SeerProgress;
            var stage = SeerActivityTypes.Stage(received.ActivityType);
            state.SeerProgress = new IssueSeerProgress(
                received.ActivityType,
                SeerStages.IndexOf(stage) > SeerStages.IndexOf(progress?.FurthestStage) ? stage : progress?.FurthestStage,
                received.ActivityType == SeerActivityTypes.PrCreated ? received.SeerPullRequests : progress?.PullRequests ?? [],
                Ordering.Newest(sentAt, progress?.SentAt),
                received.Delivery.ReceivedAt);
        }

        return Applied(state, received.Delivery, retention);
    }

    /// <summary>
    /// A Seer run reports its stage. Idempotent and order-independent: a report of a stage the issue
    /// already has for that run (or an earlier one) changes nothing. Returns true when the state changed.
    /// </summary>
    public static bool Link(IssueState state, IssueSeerRun run)
    {
        if (state.SeerRuns.TryGetValue(run.RunId, out var known) && SeerStages.IndexOf(known.Stage) >= SeerStages.IndexOf(run.Stage))
        {
            return false;
        }

        state.SeerRuns[run.RunId] = run;
        state.UpdatedAt = Ordering.Newest(state.UpdatedAt, run.UpdatedAt);
        return true;
    }

    public static IssueSnapshot ToSnapshot(string id, IssueState state) => new()
    {
        Id = id,
        Issue = state.Issue,
        LastAction = state.LastAction,
        Assignee = state.Assignee,
        ResolutionType = state.ResolutionType,
        Comments = [.. state.Comments
            .OrderBy(c => c.Value.CreatedAt ?? c.Value.UpdatedAt)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new CommentSnapshot(c.Key, c.Value.Text, c.Value.Author, c.Value.CreatedAt, c.Value.UpdatedAt, c.Value.Deleted))],
        EventCount = state.EventCount,
        RecentEvents = [.. state.RecentEvents],
        LatestActivity = state.LatestActivity,
        UpdatedAt = state.UpdatedAt,
        SeerRuns = [.. state.SeerRuns.Values.OrderByDescending(r => r.UpdatedAt).ThenBy(r => r.RunId, StringComparer.Ordinal)],
        SeerProgress = state.SeerProgress,
    };

    private static WebhookOutcome Applied(IssueState state, Delivery delivery, RetentionOptions retention)
    {
        state.Deliveries.Remember(delivery, retention.Deliveries);
        state.UpdatedAt = delivery.ReceivedAt;
        return WebhookOutcome.Applied;
    }
}
