using Sentry.Grains.Seer;
using Sentry.Grains.Silo.Api.Responses;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Silo.Api;

/// <summary><c>GET /api/seer-runs/{runId}</c>: a Seer run's stage, payloads and history.</summary>
public static class SeerRunsApi
{
    public static RouteGroupBuilder MapSeerRunsApi(this RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/seer-runs").WithTags("Seer");
        runs.MapGet("/{runId}", async (string runId, IGrainFactory grains) =>
                !RouteKeys.TryRead(KeyShape.SentryId, runId, "Seer run", out var key, out var problem) ? problem
                : await grains.GetGrain<ISeerRunGrain>(key).GetAsync() is { } run ? TypedResults.Ok(SeerRunResponse.From(run))
                : ApiResults.NotFound("Seer run", key))
            .WithName("GetSeerRun")
            .Produces<SeerRunResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
