using Sentry.Grains.Issues;
using Sentry.Grains.Seer;
using Sentry.Grains.SentryApi;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Reconciliation;

/// <summary>Sentry's API answers (the client's records) as the commands the grains apply.</summary>
public static class SentryAnswers
{
    /// <summary>The autofix object is kept with the run only up to this size (it can carry whole diffs).</summary>
    public const int MaxRawAutofixChars = 64 * 1024;

    public static IssueFields ToFields(SentryIssue issue) => new()
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
        AssignedTo = issue.AssignedTo is { } a ? new Assignee(a.Type, a.Id, a.Name, a.Email) : null,
        IssueType = issue.IssueType,
        IssueCategory = issue.IssueCategory,
        Project = issue.Project is { } p ? new ProjectRef(p.Id, null, p.Slug, null) : null,
        Count = issue.Count,
        UserCount = issue.UserCount,
        FirstSeen = issue.FirstSeen,
        LastSeen = issue.LastSeen,
        Permalink = issue.Permalink,
    };

    public static ReconciledComment ToComment(SentryNote note) => new(
        note.Id,
        note.Text,
        note.Author is { } author ? new Actor("user", author.Id, author.Name) : null,
        note.CreatedAt,
        note.UpdatedAt);

    public static SeerRunReconciled ToRun(SentryAutofix autofix, string issueId, Delivery delivery) => new(
        delivery,
        autofix.RunId,
        issueId,
        AutofixStages.Reached(autofix),
        [.. autofix.PullRequests.Select(pr => new SeerPullRequest(pr.Number, pr.Url, null, pr.Repo, null))],
        autofix.Status,
        autofix.RawJson.Length <= MaxRawAutofixChars ? autofix.RawJson : null);
}
