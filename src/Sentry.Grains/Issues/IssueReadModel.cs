using Sentry.Grains.ReadModel;
using Sentry.Grains.Seer;

namespace Sentry.Grains.Issues;

/// <summary>The issue's read-model row and the kinds of change it publishes.</summary>
public static class IssueReadModel
{
    public const string Created = "issue.created";
    public const string Status = "issue.status";
    public const string Assigned = "issue.assigned";
    public const string Event = "issue.event";
    public const string Activity = "issue.activity";
    public const string Seer = "issue.seer";
    public const string CommentCreated = "comment.created";
    public const string CommentUpdated = "comment.updated";
    public const string CommentDeleted = "comment.deleted";

    /// <summary>The reconciliation applied Sentry's answer (the item lists the fields that differed, before and after).</summary>
    public const string Reconciled = "issue.reconciled";

    /// <summary>Sentry's API answered 404: the issue was deleted in Sentry.</summary>
    public const string DeletedInSentry = "issue.deleted";

    /// <summary>The kind of an issue webhook's change: created, assigned, or a status change (resolved, ignored, archived, unresolved).</summary>
    public static string KindOf(string action) => action switch
    {
        "created" => Created,
        "assigned" => Assigned,
        _ => Status,
    };

    /// <summary>The kind of a comment webhook's change.</summary>
    public static string CommentKindOf(string action) => action switch
    {
        "deleted" => CommentDeleted,
        "updated" => CommentUpdated,
        _ => CommentCreated,
    };

    /// <summary>The issue's row as it stands in <paramref name="model"/>.</summary>
    public static IssueRow Row(IssueModel model)
    {
        var head = model.Head;
        var issue = head.Issue;
        var assignee = head.Assignee ?? issue?.AssignedTo;
        var runStage = head.SeerRuns.Values.Select(r => r.Stage).Aggregate((SeerStage?)null, SeerStages.Furthest);
        return new IssueRow
        {
            Key = model.Key,
            Version = head.Version,
            UpdatedAt = head.UpdatedAt,
            ProjectSlug = issue?.Project?.Slug,
            ProjectId = issue?.Project?.Id,
            ShortId = issue?.ShortId,
            Title = issue?.Title,
            Status = issue?.Status,
            Substatus = issue?.Substatus,
            Priority = issue?.Priority,
            Level = issue?.Level,
            AssigneeType = assignee?.Type,
            AssigneeId = assignee?.Id,
            AssigneeName = assignee?.Name,
            AssigneeEmail = assignee?.Email,
            IssueCategory = issue?.IssueCategory,
            IssueType = issue?.IssueType,
            FirstSeen = issue?.FirstSeen,
            LastSeen = issue?.LastSeen,
            Count = issue?.Count,
            UserCount = issue?.UserCount,
            SeerStage = runStage ?? head.SeerProgress?.FurthestStage,
            HasPr = head.SeerRuns.Values.Any(r => r.Stage == SeerStage.PrCreated) || head.SeerProgress?.PullRequests.Count > 0,
            InstallationUuid = head.InstallationUuid,
            CommentCount = model.LiveCommentCount,
            EventCount = head.EventCount,
            LastChangeSource = head.LastChangeSource,
            DeletedInSentryAt = head.DeletedInSentryAt,
        };
    }
}
