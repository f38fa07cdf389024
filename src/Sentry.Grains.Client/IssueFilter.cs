namespace Sentry.Grains.Client;

/// <summary>
/// The filters of <c>GET /api/issues</c>, one property per query parameter; null leaves a parameter out. Values are
/// compared exactly as Sentry writes them.
/// </summary>
public sealed record IssueFilter
{
    /// <summary><c>project</c>: the project's slug or id.</summary>
    public string? Project { get; init; }

    /// <summary><c>status</c>, e.g. <c>unresolved</c>.</summary>
    public string? Status { get; init; }

    /// <summary><c>substatus</c>, e.g. <c>new</c>.</summary>
    public string? Substatus { get; init; }

    /// <summary><c>priority</c>, e.g. <c>high</c>.</summary>
    public string? Priority { get; init; }

    /// <summary><c>assignee</c>: <c>none</c> (unassigned), <c>#team</c> (a team's name or id), or a user's email, name or id.</summary>
    public string? Assignee { get; init; }

    /// <summary><c>category</c>: Sentry's issue category, e.g. <c>error</c>.</summary>
    public string? Category { get; init; }

    /// <summary><c>seerStage</c>: the furthest stage of the issue's Seer runs.</summary>
    public SeerStage? SeerStage { get; init; }

    /// <summary><c>hasPr</c>: whether a Seer run on the issue opened a pull request.</summary>
    public bool? HasPr { get; init; }

    /// <summary><c>updatedSince</c>: only issues that changed at or after this time.</summary>
    public DateTimeOffset? UpdatedSince { get; init; }

    /// <summary><c>sort</c>: what the list is sorted on (the server's default: <see cref="IssueSort.UpdatedAt"/>).</summary>
    public IssueSort? Sort { get; init; }

    internal void AddTo(QueryBuilder query) => query
        .Add("project", Project)
        .Add("status", Status)
        .Add("substatus", Substatus)
        .Add("priority", Priority)
        .Add("assignee", Assignee)
        .Add("category", Category)
        .Add("seerStage", SeerStage?.Value)
        .Add("hasPr", HasPr)
        .Add("updatedSince", UpdatedSince)
        .Add("sort", Sort switch
        {
            null => null,
            IssueSort.UpdatedAt => "updatedAt",
            IssueSort.LastSeen => "lastSeen",
            var other => throw new ArgumentOutOfRangeException(nameof(Sort), other, "Not an issue sort."),
        });
}
