using Microsoft.Extensions.DependencyInjection;
using Sentry.Grains.Aspire;

namespace Sentry.Grains.AppHost;

/// <summary>
/// PostgreSQL from the installed binaries as an executable resource, no container: <c>run-postgres.sh</c>
/// runs initdb and creates the database on first use, then the server on 127.0.0.1 (as the <c>postgres</c>
/// user when the AppHost runs as root: initdb and postgres refuse root). A health check that connects to
/// the database holds the silos (<c>WaitFor</c>) until the server answers.
/// </summary>
internal static class LocalPostgres
{
    public const string EndpointName = "tcp";
    private const string Script = "run-postgres.sh";

    public static IResourceBuilder<ExecutableResource> Add(IDistributedApplicationBuilder builder, PostgresSettings settings)
    {
        var binaries = settings.Binaries ?? throw new InvalidOperationException(
            $"{AppHostContract.Settings.PostgresMode} is Local but PostgreSQL's server binaries were not found in /usr/lib/postgresql/*/bin: install Debian's 'postgresql' package or set {AppHostContract.Settings.PostgresBinaries}.");
        var healthCheck = $"{AppHostContract.PostgresResource}-ready";
        var connectionString = $"Host=127.0.0.1;Port={settings.Port};Username=postgres;Database={AppHostContract.DatabaseName};Timeout=3;Pooling=false";
        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: healthCheck);

        return builder
            .AddExecutable(
                AppHostContract.PostgresResource,
                "bash",
                builder.AppHostDirectory,
                Path.Combine(builder.AppHostDirectory, Script),
                binaries,
                settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                settings.DataDirectory,
                AppHostContract.DatabaseName)
            .WithEndpoint(name: EndpointName, scheme: "tcp", port: settings.Port, targetPort: settings.Port, isProxied: false)
            .WithHealthCheck(healthCheck);
    }

    /// <summary>The database on that server as a connection string resource, for <c>WithReference</c>.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddDatabase(IDistributedApplicationBuilder builder, IResourceBuilder<ExecutableResource> server)
    {
        var endpoint = server.GetEndpoint(EndpointName);
        return builder.AddConnectionString(
            AppHostContract.DatabaseResource,
            ReferenceExpression.Create(
                $"Host={endpoint.Property(EndpointProperty.IPV4Host)};Port={endpoint.Property(EndpointProperty.Port)};Username=postgres;Database={AppHostContract.DatabaseName}"));
    }
}
