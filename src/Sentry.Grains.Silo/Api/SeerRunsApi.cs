using Sentry.Grains.ReadModel;
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
        runs.MapGet("/", ListSeerRunsAsync)
            .WithName("ListSeerRuns")
            .WithDescription("Seer runs from the read model, newest update first: filters stage, stalled, hasPr, issue, updatedSince; limit; cursor.")
            .Produces<ListResponse<SeerRunRow>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
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

    private static async Task<IResult> ListSeerRunsAsync(HttpRequest request, IReadModelStore store, CancellationToken cancellationToken)
    {
        var q = QueryString.Of(request, "stage", "stalled", "hasPr", "issue", "updatedSince", "limit", "cursor");
        var query = new SeerRunQuery
        {
            Stage = q.Stage("stage"),
            Stalled = q.Boolean("stalled"),
            HasPr = q.Boolean("hasPr"),
            Issue = q.Key("issue", KeyShape.SentryId),
            UpdatedSince = q.Time("updatedSince"),
            Limit = q.Limit(PageQuery.DefaultLimit, PageQuery.MaxLimit),
            After = q.Position(),
        };
        return q.Problem ?? ReadModelLists.Answer(request, await store.ListSeerRunsAsync(query, cancellationToken));
    }
}
