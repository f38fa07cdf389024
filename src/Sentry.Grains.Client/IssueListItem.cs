namespace Sentry.Grains.Client;

/// <summary>An issue as <c>GET /api/issues</c> lists it (and as an <c>issue.*</c> or <c>comment.*</c> change carries it).</summary>
public sealed record IssueListItem : ListItem
{
    /// <summary>The project's slug.</summary>
    public string? ProjectSlug { get; init; }

    /// <summary>The project's id.</summary>
    public string? ProjectId { get; init; }

    /// <summary>Sentry's short id, e.g. <c>PYTHON-Y</c>.</summary>
    public string? ShortId { get; init; }

    /// <summary>The issue's title.</summary>
    public string? Title { get; init; }

    /// <summary>Sentry's status: <c>unresolved</c>, <c>resolved</c>, <c>ignored</c>, ...</summary>
    public string? Status { get; init; }

    /// <summary>Sentry's substatus, e.g. <c>new</c>, <c>ongoing</c>, <c>escalating</c>.</summary>
    public string? Substatus { get; init; }

    /// <summary>Sentry's priority: <c>high</c>, <c>medium</c>, <c>low</c>.</summary>
    public string? Priority { get; init; }

    /// <summary>The level, e.g. <c>error</c>, <c>fatal</c>.</summary>
    public string? Level { get; init; }

    /// <summary><c>user</c> or <c>team</c>; null while unassigned.</summary>
    public string? AssigneeType { get; init; }

    /// <summary>The assignee's id.</summary>
    public string? AssigneeId { get; init; }

    /// <summary>The assignee's name (a team's name for a team).</summary>
    public string? AssigneeName { get; init; }

    /// <summary>The assigned user's email.</summary>
    public string? AssigneeEmail { get; init; }

    /// <summary>Sentry's issue category, e.g. <c>error</c>.</summary>
    public string? IssueCategory { get; init; }

    /// <summary>Sentry's issue type, e.g. <c>error</c>.</summary>
    public string? IssueType { get; init; }

    /// <summary>When Sentry first saw the issue.</summary>
    public DateTimeOffset? FirstSeen { get; init; }

    /// <summary>When Sentry last saw the issue.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Sentry's event count.</summary>
    public long? Count { get; init; }

    /// <summary>Sentry's count of users affected.</summary>
    public long? UserCount { get; init; }

    /// <summary>The furthest stage of the Seer runs on the issue.</summary>
    public SeerStage? SeerStage { get; init; }

    /// <summary>True when a Seer run on the issue opened a pull request.</summary>
    public bool HasPr { get; init; }

    /// <summary>The Sentry integration installation the issue came through.</summary>
    public string? InstallationUuid { get; init; }

    /// <summary>How many comments the issue has.</summary>
    public long CommentCount { get; init; }

    /// <summary>How many events were received for the issue.</summary>
    public long EventCount { get; init; }

    /// <summary>Where the newest change came from: <c>webhook</c> or <c>reconciled</c> (read back from Sentry's API).</summary>
    public string? LastChangeSource { get; init; }

    /// <summary>When Sentry's API answered 404 for the issue; null while it exists there.</summary>
    public DateTimeOffset? DeletedInSentryAt { get; init; }
}
