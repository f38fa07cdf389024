using System.Text.Json;
using Sentry.Grains.Issues;
using Sentry.Grains.Seer;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Silo.Api.Responses;

/// <summary>The answer of <c>GET /api/issues/{id}</c>: the issue snapshot with Sentry's JSON objects as JSON and stages by Sentry's names.</summary>
public sealed record IssueResponse(
    string Id,
    long Version,
    IssueFieldsResponse? Issue,
    string? LastAction,
    Actor? LastActionBy,
    Assignee? Assignee,
    string? ResolutionType,
    IReadOnlyList<CommentSnapshot> Comments,
    long EventCount,
    IReadOnlyList<IssueEvent> RecentEvents,
    IssueActivityResponse? LatestActivity,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<IssueSeerRunResponse> SeerRuns,
    IssueSeerProgressResponse? SeerProgress,
    string? InstallationUuid,
    DeliverySource LastChangeSource,
    DateTimeOffset? DeletedInSentryAt)
{
    public static IssueResponse From(IssueSnapshot issue) => new(
        issue.Id,
        issue.Version,
        issue.Issue is { } fields ? IssueFieldsResponse.From(fields) : null,
        issue.LastAction,
        issue.LastActionBy,
        issue.Assignee,
        issue.ResolutionType,
        issue.Comments,
        issue.EventCount,
        issue.RecentEvents,
        issue.LatestActivity is { } a ? new IssueActivityResponse(a.Type, JsonText.ToElement(a.DetailsJson), a.AlertId, a.AlertTitle, a.SentAt, a.ReceivedAt) : null,
        issue.UpdatedAt,
        [.. issue.SeerRuns.Select(r => new IssueSeerRunResponse(r.RunId, r.Stage?.Name(), r.UpdatedAt))],
        issue.SeerProgress is { } p ? new IssueSeerProgressResponse(p.LastActivityType, p.FurthestStage?.Name(), p.PullRequests, p.SentAt, p.UpdatedAt) : null,
        issue.InstallationUuid,
        issue.LastChangeSource,
        issue.DeletedInSentryAt);
}

/// <summary>The issue's fields as Sentry serialized them (<c>statusDetails</c> as JSON).</summary>
public sealed record IssueFieldsResponse(
    string Id,
    string? ShortId,
    string? Title,
    string? Culprit,
    string? Level,
    string? Status,
    string? Substatus,
    JsonElement? StatusDetails,
    string? Priority,
    Assignee? AssignedTo,
    string? IssueType,
    string? IssueCategory,
    ProjectRef? Project,
    long? Count,
    long? UserCount,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    string? Permalink,
    string? WebUrl)
{
    public static IssueFieldsResponse From(IssueFields f) => new(
        f.Id, f.ShortId, f.Title, f.Culprit, f.Level, f.Status, f.Substatus, JsonText.ToElement(f.StatusDetailsJson), f.Priority, f.AssignedTo,
        f.IssueType, f.IssueCategory, f.Project, f.Count, f.UserCount, f.FirstSeen, f.LastSeen, f.Permalink, f.WebUrl);
}

/// <summary>The latest activity, <c>activity.details</c> as JSON.</summary>
public sealed record IssueActivityResponse(string Type, JsonElement? Details, string? AlertId, string? AlertTitle, DateTimeOffset? SentAt, DateTimeOffset ReceivedAt);

/// <summary>A Seer run on the issue, its stage by Sentry's name (<c>root_cause_started</c> ...).</summary>
public sealed record IssueSeerRunResponse(string RunId, string? Stage, DateTimeOffset UpdatedAt);

/// <summary>Seer's progress from the <c>seer_*</c> activity alerts, its furthest stage by Sentry's name.</summary>
public sealed record IssueSeerProgressResponse(
    string LastActivityType,
    string? FurthestStage,
    IReadOnlyList<SeerActivityPullRequest> PullRequests,
    DateTimeOffset? SentAt,
    DateTimeOffset UpdatedAt);
