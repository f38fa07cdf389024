using Sentry.Grains.Issues;

namespace Sentry.Grains.Silo.Api;

/// <summary><c>GET /api/issues/{id}</c>: the issue snapshot, its comments, events and latest activity.</summary>
public static class IssuesApi
{
    public static RouteGroupBuilder MapIssuesApi(this RouteGroupBuilder api)
    {
        var issues = api.MapGroup("/issues").WithTags("Issues");
        issues.MapGet("/{id}", async (string id, IGrainFactory grains) =>
                ApiResults.OkOrNotFound(await grains.GetGrain<IIssueGrain>(id).GetAsync(), "issue", id))
            .WithName("GetIssue")
            .Produces<IssueSnapshot>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
