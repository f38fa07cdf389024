namespace Sentry.Grains.ReadModel;

/// <summary>The filters and keyset paging of the lists, as the in-memory store applies them (the PostgreSQL store says the same in SQL).</summary>
public static class ReadModelFilters
{
    public static bool Matches(IssueQuery query, IssueRow row) =>
        (query.Project is null || row.ProjectSlug == query.Project || row.ProjectId == query.Project)
        && (query.Status is null || row.Status == query.Status)
        && (query.Substatus is null || row.Substatus == query.Substatus)
        && (query.Priority is null || row.Priority == query.Priority)
        && (query.Category is null || row.IssueCategory == query.Category)
        && (query.SeerStage is null || row.SeerStage == query.SeerStage)
        && (query.HasPr is null || row.HasPr == query.HasPr)
        && (query.UpdatedSince is null || row.UpdatedAt >= query.UpdatedSince)
        && MatchesAssignee(query.Assignee, row);

    public static bool Matches(SeerRunQuery query, SeerRunRow row) =>
        (query.Stage is null || row.Stage == query.Stage)
        && (query.Stalled is null || (row.StalledSince is not null) == query.Stalled)
        && (query.HasPr is null || row.HasPr == query.HasPr)
        && (query.Issue is null || row.IssueId == query.Issue)
        && (query.UpdatedSince is null || row.UpdatedAt >= query.UpdatedSince);

    /// <summary><c>none</c>: unassigned; <c>#x</c>: the team named or numbered x; otherwise a user by email, name or id.</summary>
    public static bool MatchesAssignee(string? assignee, IssueRow row) => assignee switch
    {
        null => true,
        "none" => row.AssigneeType is null,
        ['#', .. var team] => row.AssigneeType == "team" && (row.AssigneeName == team || row.AssigneeId == team),
        _ => row.AssigneeType == "user" && (row.AssigneeEmail == assignee || row.AssigneeName == assignee || row.AssigneeId == assignee),
    };

    /// <summary>The value an issue list is sorted on (UTC ticks; null sorts last).</summary>
    public static long? SortValue(IssueSort sort, IssueRow row) => (sort == IssueSort.LastSeen ? row.LastSeen : row.UpdatedAt)?.UtcTicks;

    /// <summary>Newest first by <paramref name="sortValue"/> (nulls last), then by key; the page after the query's position.</summary>
    public static Page<TRow> Page<TRow>(IEnumerable<TRow> rows, PageQuery query, Func<TRow, long?> sortValue) where TRow : ReadModelRow
    {
        var ordered = rows
            .Select(row => (Row: row, Position: new PagePosition(sortValue(row), row.Key)))
            .OrderBy(p => p.Position, PositionOrder.Instance)
            .SkipWhile(p => query.After is { } after && PositionOrder.Instance.Compare(p.Position, after) <= 0)
            .Take(query.Limit + 1)
            .ToList();
        var page = ordered.Take(query.Limit).ToList();
        return new Page<TRow>([.. page.Select(p => p.Row)], ordered.Count > query.Limit ? page[^1].Position : null);
    }

    /// <summary>Sort value descending (nulls last), then key ascending (shorter ids first, as numbers sort).</summary>
    public sealed class PositionOrder : IComparer<PagePosition>
    {
        public static readonly PositionOrder Instance = new();

        public int Compare(PagePosition? a, PagePosition? b)
        {
            if (a is null || b is null)
            {
                return a is null ? (b is null ? 0 : -1) : 1;
            }

            var bySort = (a.SortValue, b.SortValue) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                var (x, y) => y!.Value.CompareTo(x!.Value),
            };
            if (bySort != 0)
            {
                return bySort;
            }

            var byLength = a.Key.Length.CompareTo(b.Key.Length);
            return byLength != 0 ? byLength : string.CompareOrdinal(a.Key, b.Key);
        }
    }
}
