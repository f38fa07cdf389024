namespace Sentry.Grains.Reconciliation;

/// <summary>
/// The names of what can differ from Sentry's answer: the metric's <c>field</c> tag, the log and the report use only these
/// (a closed set, so no answer of Sentry's creates a new series).
/// </summary>
public static class DriftFields
{
    public const string Status = "status";
    public const string Substatus = "substatus";
    public const string StatusDetails = "status_details";
    public const string Priority = "priority";
    public const string AssignedTo = "assigned_to";
    public const string Title = "title";
    public const string Culprit = "culprit";
    public const string Level = "level";
    public const string ShortId = "short_id";
    public const string Permalink = "permalink";
    public const string Project = "project";
    public const string IssueType = "issue_type";
    public const string IssueCategory = "issue_category";
    public const string FirstSeen = "first_seen";

    /// <summary>Statistics: they change with every event, which no webhook reports; refreshed, logged at Debug only.</summary>
    public const string Count = "count";
    public const string UserCount = "user_count";
    public const string LastSeen = "last_seen";

    /// <summary>A comment created, edited or deleted in Sentry that no webhook reported.</summary>
    public const string Comment = "comment";

    /// <summary>The issue was deleted in Sentry (its API answered 404).</summary>
    public const string Deleted = "deleted";

    /// <summary>A Seer run's stage, its pull requests and Seer's status of it, from the autofix state.</summary>
    public const string SeerStage = "seer_stage";
    public const string SeerPullRequests = "seer_pull_requests";
    public const string SeerStatus = "seer_status";

    /// <summary>True for the fields that change with every event (see <see cref="Count"/>).</summary>
    public static bool IsStatistic(string field) => field is Count or UserCount or LastSeen;
}
