namespace Sentry.Grains.Client;

/// <summary>The filters of <c>GET /api/seer-runs</c>, one property per query parameter; null leaves a parameter out.</summary>
public sealed record SeerRunFilter
{
    /// <summary><c>stage</c>: the run's stage.</summary>
    public SeerStage? Stage { get; init; }

    /// <summary><c>stalled</c>: whether the run is stalled.</summary>
    public bool? Stalled { get; init; }

    /// <summary><c>hasPr</c>: whether the run opened a pull request.</summary>
    public bool? HasPr { get; init; }

    /// <summary><c>issue</c>: the id of the issue the run is for.</summary>
    public string? Issue { get; init; }

    /// <summary><c>updatedSince</c>: only runs that changed at or after this time.</summary>
    public DateTimeOffset? UpdatedSince { get; init; }

    internal void AddTo(QueryBuilder query) => query
        .Add("stage", Stage?.Value)
        .Add("stalled", Stalled)
        .Add("hasPr", HasPr)
        .Add("issue", Issue)
        .Add("updatedSince", UpdatedSince);
}
