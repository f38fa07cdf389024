using Sentry.Grains.Installations;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Silo.Api;

/// <summary>
/// <c>GET /api/installations</c> (the list, <c>?status=</c>), <c>GET /api/installations/{uuid}</c> (lifecycle, never
/// tokens) and <c>GET /api/installations/{uuid}/token</c> (the access token, refreshed first when close to expiry).
/// </summary>
public static class InstallationsApi
{
    public static RouteGroupBuilder MapInstallationsApi(this RouteGroupBuilder api)
    {
        var installations = api.MapGroup("/installations").WithTags("Installations");

        installations.MapGet("/", async (HttpRequest request, IReadModelStore store, CancellationToken cancellationToken) =>
            {
                var q = QueryString.Of(request, "status", "limit", "cursor");
                var status = q.OneOf("status", [.. Enum.GetNames<InstallationStatus>().Select(n => n.ToLowerInvariant())]);
                var query = new InstallationQuery
                {
                    Status = status is null ? null : Enum.Parse<InstallationStatus>(status, ignoreCase: true),
                    Limit = q.Limit(PageQuery.MaxLimit, PageQuery.MaxLimit),
                    After = q.Position(),
                };
                return q.Problem ?? ReadModelLists.Answer(request, await store.ListInstallationsAsync(query, cancellationToken));
            })
            .WithName("ListInstallations")
            .WithDescription("Installations from the read model, by organization then uuid: filter status (pending, installed, failed, deleted); limit (default 500); cursor.")
            .Produces<ListResponse<InstallationRow>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        installations.MapGet("/{uuid}", async (string uuid, IGrainFactory grains) =>
                !RouteKeys.TryRead(KeyShape.Uuid, uuid, "installation", out var key, out var problem) ? problem
                : ApiResults.OkOrNotFound(await grains.GetGrain<IInstallationGrain>(key).GetAsync(), "installation", key))
            .WithName("GetInstallation")
            .Produces<InstallationSnapshot>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        installations.MapGet("/{uuid}/token", async (string uuid, IGrainFactory grains, HttpContext http) =>
            {
                if (!RouteKeys.TryRead(KeyShape.Uuid, uuid, "installation", out var key, out var problem))
                {
                    return problem;
                }

                var result = await grains.GetGrain<IInstallationGrain>(key).GetTokenAsync();
                http.Response.Headers.CacheControl = "no-store";
                return result.Outcome switch
                {
                    TokenOutcome.Issued => TypedResults.Ok(new InstallationTokenResponse(result.Token!, result.ExpiresAt!.Value)),
                    TokenOutcome.NotFound => ApiResults.NotFound("installation", key),
                    TokenOutcome.NotInstalled => TypedResults.Problem(
                        statusCode: StatusCodes.Status409Conflict, title: $"The installation is {result.Status?.ToString().ToLowerInvariant()}", detail: result.Detail),
                    _ => (IResult)TypedResults.Problem(
                        statusCode: StatusCodes.Status503ServiceUnavailable, title: "No valid token right now", detail: result.Detail),
                };
            })
            .WithName("GetInstallationToken")
            .Produces<InstallationTokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return api;
    }
}
