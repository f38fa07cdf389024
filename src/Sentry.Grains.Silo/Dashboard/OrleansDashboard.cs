using Orleans.Dashboard;

namespace Sentry.Grains.Silo.Dashboard;

/// <summary>
/// Orleans' own dashboard (silos, grains, calls, reminders, logs) on every silo at <see cref="Path"/>,
/// behind <see cref="DashboardKeyFilter"/>: the API keys, as for <c>/api</c>. Not in the OpenAPI document.
/// </summary>
public static class OrleansDashboard
{
    public const string Path = "/dashboard";

    public static RouteGroupBuilder MapSentryGrainsDashboard(this IEndpointRouteBuilder app) =>
        app.MapOrleansDashboard(Path)
            .AddEndpointFilter<DashboardKeyFilter>()
            .ExcludeFromDescription();
}
