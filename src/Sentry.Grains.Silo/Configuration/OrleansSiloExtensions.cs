using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Sentry.Grains.SentryApi;
using Sentry.Grains.Storage;
using Sentry.Grains.Silo.Database;

namespace Sentry.Grains.Silo.Configuration;

/// <summary>
/// Co-hosts the Orleans silo. Providers come from the standard <c>Orleans</c> configuration section
/// (ProviderType / Invariant / ConnectionName); what is not configured falls back to localhost
/// clustering, in-memory grain storage and in-memory reminders, with a warning that nothing is durable.
/// <c>Orleans:Membership</c> binds <see cref="ClusterMembershipOptions"/> (failure detection), which
/// Orleans' own configuration reader leaves out.
/// </summary>
public static partial class OrleansSiloExtensions
{
    public static WebApplicationBuilder AddSentryGrainsSilo(this WebApplicationBuilder builder)
    {
        var orleans = builder.Configuration.GetSection("Orleans");
        var defaults = new List<string>();

        // Before UseOrleans: its hosted service must start after the schema is applied.
        builder.Services.AddSentryGrainsDatabase(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterMembershipOptions>(orleans.GetSection("Membership"));

            // Orleans' dashboard; mapped at /dashboard (Dashboard/OrleansDashboard.cs).
            silo.AddDashboard();

            if (string.IsNullOrEmpty(orleans["Clustering:ProviderType"]))
            {
                var siloPort = orleans.GetValue("Endpoints:SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
                var gatewayPort = orleans.GetValue("Endpoints:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
                silo.UseLocalhostClustering(
                    siloPort,
                    gatewayPort,
                    serviceId: orleans["ServiceId"] ?? "sentry-grains",
                    clusterId: orleans["ClusterId"] ?? "dev");
                defaults.Add("localhost clustering");
            }

            if (!string.IsNullOrEmpty(builder.Configuration["KUBERNETES_SERVICE_HOST"]))
            {
                // In a pod: silo name, advertised address and cluster/service ids from the pod
                // (POD_NAME, POD_IP, ORLEANS_CLUSTER_ID, ORLEANS_SERVICE_ID); pods of dead silos are deleted.
                silo.UseKubernetesHosting();
            }

            if (string.IsNullOrEmpty(orleans["GrainStorage:Default:ProviderType"]))
            {
                silo.Services.AddInProcessGrainStorageAsDefault();
                defaults.Add("in-memory grain storage");
            }

            if (string.IsNullOrEmpty(orleans["Reminders:ProviderType"]))
            {
                silo.UseInMemoryReminderService();
                defaults.Add("in-memory reminders");
            }
        });

        // The Sentry section is bound by the grains, which use it; it is validated here, for this environment.
        builder.Services.AddSentryGrains(builder.Configuration);
        builder.Services.AddSingleton<IValidateOptions<SentryOptions>, SentryOptionsValidator>();
        if (defaults.Count > 0)
        {
            builder.Services.AddHostedService(services => new NotDurableWarning(
                services.GetRequiredService<ILogger<NotDurableWarning>>(), string.Join(", ", defaults)));
        }

        return builder;
    }

    /// <summary>Says loudly, at start, that state will not survive a restart.</summary>
    internal sealed partial class NotDurableWarning(ILogger<NotDurableWarning> logger, string defaults) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogNotDurable(logger, defaults);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message = "STATE IS NOT DURABLE: no Orleans providers configured, using {Defaults}. Everything is lost when this process stops. Configure the Orleans section (see README, 'Storage and cluster') for PostgreSQL.")]
        private static partial void LogNotDurable(ILogger logger, string defaults);
    }
}
