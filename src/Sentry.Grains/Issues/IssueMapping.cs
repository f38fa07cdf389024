using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>Between the contract (commands and snapshots in the Abstractions) and the issue's stored records.</summary>
public static class IssueMapping
{
    public static IssueRecord ToRecord(IssueFields issue) => new()
    {
        Id = issue.Id,
        ShortId = issue.ShortId,
        Title = issue.Title,
        Culprit = issue.Culprit,
        Level = issue.Level,
        Status = issue.Status,
        Substatus = issue.Substatus,
        StatusDetailsJson = issue.StatusDetailsJson,
        Priority = issue.Priority,
        AssignedTo = ToRecord(issue.AssignedTo),
        IssueType = issue.IssueType,
        IssueCategory = issue.IssueCategory,
        Project = issue.Project is { } p ? new ProjectRecord(p.Id, p.Name, p.Slug, p.Platform) : null,
        Count = issue.Count,
        UserCount = issue.UserCount,
        FirstSeen = issue.FirstSeen,
        LastSeen = issue.LastSeen,
        Permalink = issue.Permalink,
        WebUrl = issue.WebUrl,
    };

    public static AssigneeRecord? ToRecord(Assignee? assignee) =>
        assignee is null ? null : new AssigneeRecord(assignee.Type, assignee.Id, assignee.Name, assignee.Email);

    public static IssueFields ToFields(IssueRecord issue) => new()
    {
        Id = issue.Id,
        ShortId = issue.ShortId,
        Title = issue.Title,
        Culprit = issue.Culprit,
        Level = issue.Level,
        Status = issue.Status,
        Substatus = issue.Substatus,
        StatusDetailsJson = issue.StatusDetailsJson,
        Priority = issue.Priority,
        AssignedTo = ToAssignee(issue.AssignedTo),
        IssueType = issue.IssueType,
        IssueCategory = issue.IssueCategory,
        Project = issue.Project is { } p ? new ProjectRef(p.Id, p.Name, p.Slug, p.Platform) : null,
        Count = issue.Count,
        UserCount = issue.UserCount,
        FirstSeen = issue.FirstSeen,
        LastSeen = issue.LastSeen,
        Permalink = issue.Permalink,
        WebUrl = issue.WebUrl,
    };

    public static Assignee? ToAssignee(AssigneeRecord? assignee) =>
        assignee is null ? null : new Assignee(assignee.Type, assignee.Id, assignee.Name, assignee.Email);

    public static CommentSnapshot ToSnapshot(CommentRecord c) => new(c.CommentId, c.Text, c.Author, c.CreatedAt, c.UpdatedAt, c.Deleted);

    /// <summary>The issue as the contract shows it. The model's logs must be loaded.</summary>
    public static IssueSnapshot ToSnapshot(string id, IssueModel model, int recentEvents)
    {
        var head = model.Head;
        return new IssueSnapshot
        {
            Id = id,
            Version = head.Version,
            Issue = head.Issue is { } issue ? ToFields(issue) : null,
            LastAction = head.LastAction,
            LastActionBy = head.LastActionBy is { } actor ? new Actor(actor.Type, actor.Id, actor.Name) : null,
            Assignee = ToAssignee(head.Assignee),
            ResolutionType = head.ResolutionType,
            Comments = [.. model.Comments
                .OrderBy(c => c.CreatedAt ?? c.UpdatedAt)
                .ThenBy(c => c.CommentId.Length)
                .ThenBy(c => c.CommentId, StringComparer.Ordinal)
                .Select(ToSnapshot)],
            EventCount = head.EventCount,
            RecentEvents = [.. model.RecentEvents(recentEvents)
                .Select(e => new IssueEvent(e.EventId, e.Title, e.Level, e.OccurredAt, e.WebUrl, e.Source, e.TriggeredRule))],
            LatestActivity = head.LatestActivity is { } a ? new IssueActivity(a.Type, a.DetailsJson, a.AlertId, a.AlertTitle, a.SentAt, a.ReceivedAt) : null,
            UpdatedAt = head.UpdatedAt,
            SeerRuns = [.. head.SeerRuns.Values
                .OrderByDescending(r => r.UpdatedAt)
                .ThenBy(r => r.RunId, StringComparer.Ordinal)
                .Select(r => new IssueSeerRun(r.RunId, r.Stage, r.UpdatedAt))],
            SeerProgress = head.SeerProgress is { } p
                ? new IssueSeerProgress(p.LastActivityType, p.FurthestStage, [.. p.PullRequests.Select(pr => new SeerActivityPullRequest(pr.RepoName, pr.Url))], p.SentAt, p.UpdatedAt)
                : null,
            InstallationUuid = head.InstallationUuid,
            LastChangeSource = head.LastChangeSource.ToContract(),
            DeletedInSentryAt = head.DeletedInSentryAt,
        };
    }
}
