using System.Text.Json;
using Sentry.Grains.Issues;
using Sentry.Grains.Seer;

namespace Sentry.Grains.Webhooks;

/// <summary>The issue-keyed resources: issue, comment, event_alert, error and activity_alert.</summary>
public static partial class WebhookParser
{
    private static IssueChanged ParseIssue(JsonElement data, string action, Actor? actor, Delivery delivery)
    {
        var issue = ReadIssueFields(RequireObject(data, "issue", "data.issue"), "data.issue.id");
        var assignee = data.Object("assignee") is { } a ? ReadAssignee(a) : null;
        return new IssueChanged(delivery, action, actor, issue, assignee, data.String("resolution_type"));
    }

    private static CommentChanged ParseComment(JsonElement data, string action, Actor? actor, Delivery delivery) => new(
        delivery,
        action,
        actor,
        Require(data.String("issue_id"), "data.issue_id"),
        Require(data.String("comment_id"), "data.comment_id"),
        data.String("comment"),
        data.String("project_slug"),
        data.Date("timestamp"));

    private static IssueEventReceived ParseEvent(JsonElement data, string member, string resource, string action, Delivery delivery)
    {
        var payload = RequireObject(data, member, $"data.{member}");
        var issueId = Require(payload.String("issue_id"), $"data.{member}.issue_id");
        var triggeredRule = data.String("triggered_rule");
        var occurredAt = payload.Date("datetime")
            ?? (payload.Child("timestamp") is { ValueKind: JsonValueKind.Number } ts && ts.TryGetDouble(out var seconds)
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                : null);
        var @event = new IssueEvent(
            Require(payload.String("event_id"), $"data.{member}.event_id"),
            payload.String("title"),
            payload.String("level"),
            occurredAt,
            payload.String("web_url"),
            resource,
            triggeredRule);
        return new IssueEventReceived(delivery, action, issueId, @event);
    }

    private static IssueActivityReceived ParseActivity(JsonElement data, string action, Delivery delivery)
    {
        var issue = ReadIssueFields(RequireObject(data, "issue", "data.issue"), "data.issue.id");
        var activity = RequireObject(data, "activity", "data.activity");
        var alert = data.Object("alert");
        var type = Require(activity.String("type"), "data.activity.type");
        return new IssueActivityReceived(
            delivery,
            action,
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

    private static IssueFields ReadIssueFields(JsonElement issue, string idPath)
    {
        var project = issue.Object("project");
        return new IssueFields
        {
            Id = Require(issue.String("id"), idPath),
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
