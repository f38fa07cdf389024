using Sentry.Grains.ReadModel;
using Sentry.Grains.Seer;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>
/// What an issue webhook does to an issue, as pure functions of (model, command): no I/O, no clock. Every rule first
/// drops a body applied within the delivery window (<c>duplicate</c>), then compares the delivery's ordering time with
/// the newest one applied to the same part of the state (snapshot, each comment, latest activity): older is
/// <c>stale</c> and changes nothing. The grain writes once when the outcome is <c>applied</c>.
/// </summary>
public static partial class IssueRules
{
    /// <summary>issue created/resolved/assigned/ignored/archived/unresolved: the snapshot as Sentry sent it.</summary>
    public static WebhookOutcome Apply(IssueModel model, IssueChanged change) =>
        Deduplication.Apply(model.Deliveries, change.Delivery, () => ApplyIssue(model, change));

    /// <summary>
    /// comment created/updated/deleted, by comment id. A delete always wins and stays: a late created or updated for a
    /// deleted comment is stale. A created for a comment already known (it arrived after its update) only fills in the
    /// creation time.
    /// </summary>
    public static WebhookOutcome Apply(IssueModel model, CommentChanged change) =>
        Deduplication.Apply(model.Deliveries, change.Delivery, () => ApplyComment(model, change));

    /// <summary>event_alert triggered / error created: counted once per event id (within the delivery window).</summary>
    public static WebhookOutcome Apply(IssueModel model, IssueEventReceived received) =>
        Deduplication.Apply(model.Deliveries, received.Delivery, () => RecordEvent(model, received));

    /// <summary>activity_alert: the latest activity, and the issue snapshot it carries if that is not older.</summary>
    public static WebhookOutcome Apply(IssueModel model, IssueActivityReceived received) =>
        Deduplication.Apply(model.Deliveries, received.Delivery, () => RecordActivity(model, received));

    private static WebhookOutcome ApplyIssue(IssueModel model, IssueChanged change)
    {
        var head = model.Head;
        var delivery = change.Delivery;
        if (Ordering.IsStale(delivery, head.IssueOrderAt))
        {
            return WebhookOutcome.Stale;
        }

        TakeSnapshot(head, delivery, change.Issue);
        RecordAction(head, change.Action, change.Actor, change.Assignee ?? change.Issue.AssignedTo, change.ResolutionType);
        return Applied(model, delivery, IssueReadModel.KindOf(change.Action));
    }

    /// <summary>The issue's fields become <paramref name="issue"/>, ordered at <paramref name="delivery"/> (the caller checked it is not stale).</summary>
    private static void TakeSnapshot(IssueHead head, Delivery delivery, IssueFields issue)
    {
        head.Issue = IssueMapping.ToRecord(issue);
        head.IssueOrderAt = Ordering.Advance(delivery, head.IssueOrderAt);
    }

    /// <summary>The newest issue action, who did it, and what it says about the assignee and the resolution.</summary>
    private static void RecordAction(IssueHead head, string action, Actor? actor, Assignee? assignee, string? resolutionType)
    {
        head.LastAction = action;
        head.LastActionBy = actor is { } by ? new ActorRecord(by.Type, by.Id, by.Name) : null;
        switch (action)
        {
            case "assigned":
                head.Assignee = IssueMapping.ToRecord(assignee);
                break;
            case "resolved":
                head.ResolutionType = resolutionType;
                break;
            case "unresolved":
                head.ResolutionType = null;
                break;
        }
    }

    private static WebhookOutcome ApplyComment(IssueModel model, CommentChanged change)
    {
        var delivery = change.Delivery;
        var known = model.Comment(change.CommentId);
        var comment = known ?? new CommentRecord(change.CommentId, null, null, null, null, false, null);
        switch (change.Action)
        {
            case "deleted":
                if (comment.Deleted)
                {
                    return WebhookOutcome.Duplicate;
                }

                comment = comment with { Deleted = true, Text = null, UpdatedAt = change.Timestamp ?? comment.UpdatedAt };
                break;

            case "created" when known is not null:
                if (comment.Deleted || comment.CreatedAt is not null)
                {
                    return WebhookOutcome.Stale;
                }

                comment = comment with { CreatedAt = change.Timestamp };
                break;

            default:
                if (comment.Deleted || Ordering.IsStale(delivery, comment.OrderAt))
                {
                    return WebhookOutcome.Stale;
                }

                comment = comment with { Text = change.Text, Author = change.Actor?.Name ?? comment.Author };
                comment = change.Action == "created" ? comment with { CreatedAt = change.Timestamp } : comment with { UpdatedAt = change.Timestamp };
                break;
        }

        comment = comment with { OrderAt = Ordering.Advance(delivery, comment.OrderAt) };
        model.Record(comment);
        return Applied(model, delivery, IssueReadModel.CommentKindOf(change.Action), FeedJson.Serialize(IssueMapping.ToSnapshot(comment)));
    }

    private static WebhookOutcome RecordEvent(IssueModel model, IssueEventReceived received)
    {
        var delivery = received.Delivery;
        if (model.HasEvent(received.Event.EventId, delivery.ReceivedAt))
        {
            return WebhookOutcome.Duplicate;
        }

        var e = received.Event;
        model.Head.EventCount++;
        model.Record(new EventRecord(e.EventId, e.Title, e.Level, e.OccurredAt, e.WebUrl, e.Source, e.TriggeredRule, delivery.ReceivedAt));
        return Applied(model, delivery, IssueReadModel.Event, FeedJson.Serialize(e));
    }

    private static WebhookOutcome RecordActivity(IssueModel model, IssueActivityReceived received)
    {
        var head = model.Head;
        var delivery = received.Delivery;
        if (Ordering.IsStale(delivery, head.LatestActivity?.OrderAt))
        {
            return WebhookOutcome.Stale;
        }

        head.LatestActivity = new ActivityRecord(
            received.ActivityType,
            received.DetailsJson,
            received.AlertId,
            received.AlertTitle,
            delivery.SentAt,
            delivery.ReceivedAt,
            Ordering.Advance(delivery, head.LatestActivity?.OrderAt));
        if (!Ordering.IsStale(delivery, head.IssueOrderAt))
        {
            head.Issue = IssueMapping.ToRecord(received.Issue);
            head.IssueOrderAt = Ordering.Advance(delivery, head.IssueOrderAt);
        }

        if (SeerActivityTypes.IsSeer(received.ActivityType))
        {
            var progress = head.SeerProgress;
            head.SeerProgress = new SeerProgressRecord(
                received.ActivityType,
                SeerStages.Furthest(SeerActivityTypes.Stage(received.ActivityType), progress?.FurthestStage),
                received.ActivityType == SeerActivityTypes.PrCreated
                    ? [.. received.SeerPullRequests.Select(pr => new PullRequestLinkRecord(pr.RepoName, pr.Url))]
                    : progress?.PullRequests ?? [],
                delivery.SentAt,
                delivery.ReceivedAt,
                Ordering.Advance(delivery, progress?.OrderAt));
        }

        return Applied(model, delivery, IssueReadModel.Activity);
    }

    /// <summary>
    /// A Seer run reports its stage. Idempotent and order-independent: a report of a stage the issue already has for
    /// that run (or an earlier one) changes nothing. Returns true when the state changed.
    /// </summary>
    public static bool Link(IssueModel model, IssueSeerRun run)
    {
        var head = model.Head;
        if (head.SeerRuns.TryGetValue(run.RunId, out var known) && SeerStages.Furthest(known.Stage, run.Stage) == known.Stage)
        {
            return false;
        }

        head.SeerRuns[run.RunId] = new SeerRunLinkRecord(run.RunId, run.Stage, run.UpdatedAt);
        head.InstallationUuid ??= run.InstallationUuid;
        head.UpdatedAt = head.UpdatedAt is { } updated && updated > run.UpdatedAt ? updated : run.UpdatedAt;
        model.Publish(IssueReadModel.Seer, run.UpdatedAt, FeedJson.Serialize(run));
        return true;
    }

    /// <summary>
    /// The bookkeeping of every applied change (the delivery itself is remembered by <see cref="Deduplication"/>): when,
    /// through which installation, and the change of kind <paramref name="kind"/> for the read side.
    /// </summary>
    private static WebhookOutcome Applied(IssueModel model, Delivery delivery, string kind, string? itemJson = null)
    {
        var head = model.Head;
        head.UpdatedAt = delivery.ReceivedAt;
        head.InstallationUuid = delivery.InstallationUuid ?? head.InstallationUuid;
        head.LastChangeSource = ChangeSources.Of(delivery);
        model.Publish(kind, delivery.ReceivedAt, itemJson);
        return WebhookOutcome.Applied;
    }
}
