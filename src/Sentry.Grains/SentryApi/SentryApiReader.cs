using System.Text.Json;
using static Sentry.Grains.SentryApi.SentryJson;

namespace Sentry.Grains.SentryApi;

/// <summary>Sentry's answers (issue, autofix state, notes) into their records; tolerant of missing and extra fields.</summary>
public static class SentryApiReader
{
    /// <summary>The issue in <paramref name="root"/>, or null when it is not an object with an id.</summary>
    public static SentryIssue? Issue(JsonElement root)
    {
        if (String(root, "id") is not { Length: > 0 } id)
        {
            return null;
        }

        return new SentryIssue
        {
            Id = id,
            ShortId = String(root, "shortId"),
            Title = String(root, "title"),
            Culprit = String(root, "culprit"),
            Level = String(root, "level"),
            Status = String(root, "status"),
            Substatus = String(root, "substatus"),
            StatusDetailsJson = Object(root, "statusDetails")?.GetRawText(),
            Priority = String(root, "priority"),
            AssignedTo = Object(root, "assignedTo") is { } assignee
                ? new SentryAssignee(String(assignee, "type"), String(assignee, "id"), String(assignee, "name"), String(assignee, "email"))
                : null,
            Permalink = String(root, "permalink"),
            Project = Object(root, "project") is { } project ? new SentryProjectRef(String(project, "id"), String(project, "slug")) : null,
            IssueType = String(root, "issueType"),
            IssueCategory = String(root, "issueCategory"),
            Count = Integer(root, "count"),
            UserCount = Integer(root, "userCount"),
            FirstSeen = Time(root, "firstSeen"),
            LastSeen = Time(root, "lastSeen"),
            NumComments = Integer(root, "numComments") is { } comments ? (int)Math.Clamp(comments, 0, int.MaxValue) : null,
            RawJson = root.GetRawText(),
        };
    }

    /// <summary>The run in <c>{"autofix": {...}}</c>; null for <c>{"autofix": null}</c>, no <c>autofix</c> or a run without an id.</summary>
    public static SentryAutofix? Autofix(JsonElement root)
    {
        if (Object(root, "autofix") is not { } autofix || String(autofix, "run_id") is not { Length: > 0 } runId)
        {
            return null;
        }

        var steps = Array(autofix, "steps").Concat(Array(autofix, "blocks"))
            .Where(step => step.ValueKind == JsonValueKind.Object)
            .Select(step => new SentryAutofixStep(
                String(step, "key") ?? String(step, "step") ?? String(step, "type"),
                String(step, "title"),
                String(step, "status")))
            .ToList();

        return new SentryAutofix
        {
            RunId = runId,
            Status = String(autofix, "status"),
            UpdatedAt = Time(autofix, "updated_at"),
            Steps = steps,
            PullRequests = PullRequests(autofix),
            RawJson = autofix.GetRawText(),
        };
    }

    /// <summary>The notes of one page (an array of activities); entries without an id are skipped.</summary>
    public static IEnumerable<SentryNote> Notes(JsonElement root) =>
        root.ValueKind != JsonValueKind.Array
            ? []
            : root.EnumerateArray()
                .Where(note => String(note, "id") is { Length: > 0 })
                .Select(note => new SentryNote(
                    String(note, "id")!,
                    Object(note, "data") is { } data ? String(data, "text") : null,
                    Object(note, "user") is { } user ? new SentryNoteAuthor(String(user, "id"), String(user, "name") ?? String(user, "username"), String(user, "email")) : null,
                    Time(note, "dateCreated"),
                    Time(note, "dateUpdated")))
                .ToList();

    /// <summary>PRs from <c>repo_pr_states</c> (repository -> state) and from each step's changes, one per (repository, number or URL).</summary>
    private static List<SentryPullRequest> PullRequests(JsonElement autofix)
    {
        var found = new List<SentryPullRequest>();
        if (Object(autofix, "repo_pr_states") is { } states)
        {
            foreach (var state in states.EnumerateObject().Where(s => s.Value.ValueKind == JsonValueKind.Object))
            {
                found.Add(new SentryPullRequest(String(state.Value, "repo_name") ?? state.Name, Integer(state.Value, "pr_number"), String(state.Value, "pr_url")));
            }
        }

        foreach (var change in Array(autofix, "steps").SelectMany(step => Array(step, "changes")))
        {
            if (Object(change, "pull_request") is { } pr)
            {
                found.Add(new SentryPullRequest(String(change, "repo_name"), Integer(pr, "pr_number"), String(pr, "pr_url")));
            }
        }

        return [.. found
            .Where(pr => pr.Number is not null || pr.Url is not null)
            .DistinctBy(pr => (pr.Repo, pr.Number, pr.Number is null ? pr.Url : null))];
    }
}
