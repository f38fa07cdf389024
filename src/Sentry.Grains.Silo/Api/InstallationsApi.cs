using Sentry.Grains.Installations;

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

        installations.MapGet("/", async (string? status, IGrainFactory grains) =>
                status is not null && !InstallationStatus.All.Contains(status)
                    ? TypedResults.Problem(
                        statusCode: StatusCodes.Status400BadRequest,
                        detail: $"Unknown status '{status}'; use one of {string.Join(", ", InstallationStatus.All)}.")
                    : (IResult)TypedResults.Ok(await grains.GetGrain<IInstallationIndexGrain>(InstallationIndex.Key).ListAsync(status)))
            .WithName("ListInstallations")
            .Produces<InstallationSummary[]>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        installations.MapGet("/{uuid}", async (string uuid, IGrainFactory grains) =>
                ApiResults.OkOrNotFound(await grains.GetGrain<IInstallationGrain>(uuid).GetAsync(), "installation", uuid))
            .WithName("GetInstallation")
            .Produces<InstallationSnapshot>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        installations.MapGet("/{uuid}/token", async (string uuid, IGrainFactory grains, HttpContext http) =>
            {
                var result = await grains.GetGrain<IInstallationGrain>(uuid).GetTokenAsync();
                http.Response.Headers.CacheControl = "no-store";
                return result.Outcome switch
                {
                    TokenOutcome.Issued => TypedResults.Ok(new InstallationTokenResponse(result.Token!, result.ExpiresAt!.Value)),
                    TokenOutcome.NotFound => ApiResults.OkOrNotFound<object>(null, "installation", uuid),
                    TokenOutcome.NotInstalled => TypedResults.Problem(
                        statusCode: StatusCodes.Status409Conflict, title: $"The installation is {result.Status}", detail: result.Detail),
                    _ => (IResult)TypedResults.Problem(
                        statusCode: StatusCodes.Status503ServiceUnavailable, title: "No valid token right now", detail: result.Detail),
                };
            })
            .WithName("GetInstallationToken")
            .Produces<InstallationTokenResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return api;
    }
}
