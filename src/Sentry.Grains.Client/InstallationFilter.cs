namespace Sentry.Grains.Client;

/// <summary>The filter of <c>GET /api/installations</c>; null leaves it out.</summary>
public sealed record InstallationFilter
{
    /// <summary><c>status</c>: the installation's status.</summary>
    public InstallationStatus? Status { get; init; }

    internal void AddTo(QueryBuilder query) => query.Add("status", Status?.Value);
}
