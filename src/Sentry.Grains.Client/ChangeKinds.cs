namespace Sentry.Grains.Client;

/// <summary>
/// The feed's kinds of change, and the resources a <c>kinds</c> filter may name instead (a resource takes every kind
/// that starts with it: <see cref="Comment"/> is every <c>comment.*</c>).
/// </summary>
public static class ChangeKinds
{
    /// <summary><c>issue</c>: every <c>issue.*</c> kind.</summary>
    public const string Issue = "issue";

    /// <summary><c>comment</c>: every <c>comment.*</c> kind.</summary>
    public const string Comment = "comment";

    /// <summary><c>seer</c>: every <c>seer.*</c> kind.</summary>
    public const string Seer = "seer";

    /// <summary><c>metric_alert</c>: every <c>metric_alert.*</c> kind.</summary>
    public const string MetricAlert = "metric_alert";

    /// <summary><c>installation</c>: every <c>installation.*</c> kind.</summary>
    public const string Installation = "installation";

    /// <summary>An issue was created.</summary>
    public const string IssueCreated = "issue.created";

    /// <summary>An issue's status changed (resolved, ignored, archived, unresolved).</summary>
    public const string IssueStatus = "issue.status";

    /// <summary>An issue was assigned or unassigned.</summary>
    public const string IssueAssigned = "issue.assigned";

    /// <summary>An event of the issue arrived.</summary>
    public const string IssueEvent = "issue.event";

    /// <summary>An activity (alert) of the issue arrived.</summary>
    public const string IssueActivity = "issue.activity";

    /// <summary>The issue's Seer progress changed.</summary>
    public const string IssueSeer = "issue.seer";

    /// <summary>Fields Sentry's API changed, found by reconciliation.</summary>
    public const string IssueReconciled = "issue.reconciled";

    /// <summary>Sentry's API answered 404 for the issue.</summary>
    public const string IssueDeleted = "issue.deleted";

    /// <summary>A comment was created on an issue.</summary>
    public const string CommentCreated = "comment.created";

    /// <summary>A comment was edited.</summary>
    public const string CommentUpdated = "comment.updated";

    /// <summary>A comment was deleted.</summary>
    public const string CommentDeleted = "comment.deleted";

    /// <summary>A Seer run reached a stage.</summary>
    public const string SeerStage = "seer.stage";

    /// <summary>A Seer run recorded an event.</summary>
    public const string SeerEvent = "seer.event";

    /// <summary>A Seer run stalled.</summary>
    public const string SeerStalled = "seer.stalled";

    /// <summary>A stalled Seer run went on.</summary>
    public const string SeerResumed = "seer.resumed";

    /// <summary>A metric alert's status changed.</summary>
    public const string MetricAlertStatus = "metric_alert.status";

    /// <summary>An installation's status changed.</summary>
    public const string InstallationStatus = "installation.status";
}
