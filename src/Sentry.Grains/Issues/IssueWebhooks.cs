using System.Text.Json;
using Sentry.Grains.Seer;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>
/// The issue-keyed resources — <c>issue</c>, <c>comment</c>, <c>event_alert</c>, <c>error</c>, <c>activity_alert</c> —
/// declared once each (actions, key field and shape, parsing, the <see cref="IIssueGrain"/> method that applies them).
/// </summary>
public static class IssueWebhooks
{
    public static WebhookResource Issue { get; } = WebhookResource.For<IIssueGrain, IssueChanged>(
        "issue",
        ["created", "resolved", "assigned", "ignored", "archived", "unresolved"],
        new KeyField(KeyShape.SentryId, "data.issue.id"),
        ParseIssue,
        (grain, change) => grain.ApplyIssueAsync(change));

    public static WebhookResource Comment { get; } = WebhookResource.For<IIssueGrain, CommentChanged>(
        "comment",
        ["created", "updated", "deleted"],
        new KeyField(KeyShape.SentryId, "data.issue_id"),
        ParseComment,
        (grain, change) => grain.ApplyCommentAsync(change));

    public static WebhookResource EventAlert { get; } = WebhookResource.For<IIssueGrain, IssueEventReceived>(
        "event_alert",
        ["triggered"],
        new KeyField(KeyShape.SentryId, "data.event.issue_id"),
        envelope => ParseEvent(envelope, "event_alert", "event"),
        (grain, received) => grain.RecordEventAsync(received));

    public static WebhookResource Error { get; } = WebhookResource.For<IIssueGrain, IssueEventReceived>(
        "error",
        ["created"],
        new KeyField(KeyShape.SentryId, "data.error.issue_id"),
        envelope => ParseEvent(envelope, "error", "error"),
        (grain, received) => grain.RecordEventAsync(received));

    public static WebhookResource ActivityAlert { get; } = WebhookResource.For<IIssueGrain, IssueActivityReceived>(
        "activity_alert",
        ["triggered"],
        new KeyField(KeyShape.SentryId, "data.issue.id"),
        ParseActivity,
        (grain, received) => grain.RecordActivityAsync(received));

    private static IssueChanged ParseIssue(WebhookEnvelope envelope)
    {
        var data = envelope.Data;
        var issue = ReadIssueFields(WebhookEnvelope.RequireObject(data, "issue", "data.issue"), envelope.Key);
        var assignee = data.Object("assignee") is { } a ? ReadAssignee(a) : null;
        return new IssueChanged(envelope.Delivery, envelope.Action, envelope.Actor, issue, assignee, data.String("resolution_type"));
    }

    private static CommentChanged ParseComment(WebhookEnvelope envelope)
    {
        var data = envelope.Data;
        return new CommentChanged(
            envelope.Delivery,
            envelope.Action,
            envelope.Actor,
            envelope.Key,
            WebhookEnvelope.RequireKey(data, "comment_id", "data.comment_id", KeyShape.SentryId),
            data.String("comment"),
            data.Date("timestamp"));
    }

    private static IssueEventReceived ParseEvent(WebhookEnvelope envelope, string source, string member)
    {
        var data = envelope.Data;
        var payload = WebhookEnvelope.RequireObject(data, member, $"data.{member}");
        var occurredAt = payload.Date("datetime") ?? payload.UnixSeconds("timestamp");
        var @event = new IssueEvent(
            WebhookEnvelope.RequireKey(payload, "event_id", $"data.{member}.event_id", KeyShape.EventId),
            payload.String("title"),
            payload.String("level"),
            occurredAt,
            payload.String("web_url"),
            source,
            data.String("triggered_rule"));
        return new IssueEventReceived(envelope.Delivery, envelope.Action, envelope.Key, @event);
    }

    private static IssueActivityReceived ParseActivity(WebhookEnvelope envelope)
    {
        var data = envelope.Data;
        var issue = ReadIssueFields(WebhookEnvelope.RequireObject(data, "issue", "data.issue"), envelope.Key);
        var activity = WebhookEnvelope.RequireObject(data, "activity", "data.activity");
        var alert = data.Object("alert");
        var type = WebhookEnvelope.Require(activity.String("type"), "data.activity.type");
        return new IssueActivityReceived(
            envelope.Delivery,
            envelope.Action,
            issue,
            type,
            activity.RawJson("details"),
            alert?.String("id"),
            alert?.String("title"))
        {
            SeerPullRequests = type == SeerActivityTypes.PrCreated && activity.Object("details") is { } details
                ? [.. details.Array("pull_requests").Select(pr => new SeerActivityPullRequest(pr.String("repo_name"), pr.String("url")))]
                : [],
        };
    }

    private static IssueFields ReadIssueFields(JsonElement issue, string id)
    {
        var project = issue.Object("project");
        return new IssueFields
        {
            Id = id,
            ShortId = issue.String("shortId"),
            Title = issue.String("title"),
            Culprit = issue.String("culprit"),
            Level = issue.String("level"),
            Status = issue.String("status"),
            Substatus = issue.String("substatus"),
            StatusDetailsJson = issue.RawJson("statusDetails"),
            Priority = issue.String("priority"),
            AssignedTo = issue.Object("assignedTo") is { } assignedTo ? ReadAssignee(assignedTo) : null,
            IssueType = issue.String("issueType"),
            IssueCategory = issue.String("issueCategory"),
            Project = project is { } p ? new ProjectRef(p.String("id"), p.String("name"), p.String("slug"), p.String("platform")) : null,
            Count = issue.Int64("count"),
            UserCount = issue.Int64("userCount"),
            FirstSeen = issue.Date("firstSeen"),
            LastSeen = issue.Date("lastSeen"),
            Permalink = issue.String("permalink"),
            WebUrl = issue.String("web_url"),
        };
    }

    private static Assignee ReadAssignee(JsonElement assignee) =>
        new(assignee.String("type"), assignee.String("id"), assignee.String("name"), assignee.String("email"));
}
