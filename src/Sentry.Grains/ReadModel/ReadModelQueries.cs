using Sentry.Grains.Installations;
using Sentry.Grains.Seer;

namespace Sentry.Grains.ReadModel;

/// <summary>How issue lists are sorted: newest first by the field.</summary>
public enum IssueSort
{
    /// <summary>By when this service last applied a change to the issue.</summary>
    UpdatedAt,

    /// <summary>By Sentry's <c>lastSeen</c> (issues without one come last).</summary>
    LastSeen,
}

/// <summary>
/// A page request: at most <see cref="Limit"/> rows after <see cref="After"/> (the last row of the previous page, from
/// its opaque cursor). Keyset pagination: a page boundary holds under concurrent inserts.
/// </summary>
public abstract record PageQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Where the previous page ended: the sort value and key of its last row; null for the first page.</summary>
    public PagePosition? After { get; init; }
}

/// <summary>A position in a sorted list: the sort value (ticks; null sorts last) and the key of a row.</summary>
public sealed record PagePosition(long? SortValue, string Key);

/// <summary>Filters of <c>GET /api/issues</c>; every one given must match.</summary>
public sealed record IssueQuery : PageQuery
{
    public string? Project { get; init; }
    public string? Status { get; init; }
    public string? Substatus { get; init; }
    public string? Priority { get; init; }

    /// <summary><c>none</c>, <c>#team</c> (a team's name or id), or a user's email, name or id.</summary>
    public string? Assignee { get; init; }

    public string? Category { get; init; }
    public SeerStage? SeerStage { get; init; }
    public bool? HasPr { get; init; }
    public DateTimeOffset? UpdatedSince { get; init; }
    public IssueSort Sort { get; init; } = IssueSort.UpdatedAt;
}

/// <summary>Filters of <c>GET /api/seer-runs</c>, newest update first.</summary>
public sealed record SeerRunQuery : PageQuery
{
    public SeerStage? Stage { get; init; }
    public bool? Stalled { get; init; }
    public bool? HasPr { get; init; }
    public string? Issue { get; init; }
    public DateTimeOffset? UpdatedSince { get; init; }
}

/// <summary>Filters of <c>GET /api/metric-alerts</c>, newest update first.</summary>
public sealed record MetricAlertQuery : PageQuery
{
    public string? Status { get; init; }
}

/// <summary>Filters of <c>GET /api/installations</c>, by organization then uuid.</summary>
public sealed record InstallationQuery : PageQuery
{
    public InstallationStatus? Status { get; init; }
}

/// <summary>One page: the rows and, when there are more, the position to continue after.</summary>
public sealed record Page<TRow>(IReadOnlyList<TRow> Rows, PagePosition? Next);
