using Sentry.Grains.Installations;

namespace Sentry.Grains.Silo.Api;

/// <summary><c>GET /api/installations/{uuid}</c>: an installation's lifecycle (never its tokens).</summary>
public static class InstallationsApi
{
    public static RouteGroupBuilder MapInstallationsApi(this RouteGroupBuilder api)
    {
        var installations = api.MapGroup("/installations").WithTags("Installations");
        installations.MapGet("/{uuid}", async (string uuid, IGrainFactory grains) =>
                ApiResults.OkOrNotFound(await grains.GetGrain<IInstallationGrain>(uuid).GetAsync(), "installation", uuid))
            .WithName("GetInstallation")
            .Produces<InstallationSnapshot>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
