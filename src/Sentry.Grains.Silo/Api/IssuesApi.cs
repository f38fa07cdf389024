using Sentry.Grains.Issues;
using Sentry.Grains.Seer;

namespace Sentry.Grains.Silo.Api;

/// <summary>
/// <c>GET /api/issues/{id}</c>: the issue snapshot, its comments, events, latest activity and Seer runs;
/// <c>GET /api/issues/{id}/seer-runs</c>: those runs whole, newest first.
/// </summary>
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
        issues.MapGet("/{id}/seer-runs", GetSeerRunsAsync)
            .WithName("GetIssueSeerRuns")
            .Produces<IReadOnlyList<SeerRunSnapshot>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> GetSeerRunsAsync(string id, IGrainFactory grains)
    {
        var issue = await grains.GetGrain<IIssueGrain>(id).GetAsync();
        if (issue is null)
        {
            return ApiResults.OkOrNotFound<IssueSnapshot>(null, "issue", id);
        }

        var runs = await Task.WhenAll(issue.SeerRuns.Select(run => grains.GetGrain<ISeerRunGrain>(run.RunId).GetAsync()));
        return TypedResults.Ok(runs.OfType<SeerRunSnapshot>().ToList());
    }
}
