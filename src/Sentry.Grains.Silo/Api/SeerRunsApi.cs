using Sentry.Grains.Seer;

namespace Sentry.Grains.Silo.Api;

/// <summary><c>GET /api/seer-runs/{runId}</c>: a Seer run's stage, payloads and history.</summary>
public static class SeerRunsApi
{
    public static RouteGroupBuilder MapSeerRunsApi(this RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/seer-runs").WithTags("Seer");
        runs.MapGet("/{runId}", async (string runId, IGrainFactory grains) =>
                ApiResults.OkOrNotFound(await grains.GetGrain<ISeerRunGrain>(runId).GetAsync(), "Seer run", runId))
            .WithName("GetSeerRun")
            .Produces<SeerRunSnapshot>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
