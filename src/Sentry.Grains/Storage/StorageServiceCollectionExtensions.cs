using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Sentry.Grains.Installations;
using Sentry.Grains.Issues;
using Sentry.Grains.MetricAlerts;
using Sentry.Grains.Seer;

namespace Sentry.Grains.Storage;

/// <summary>How grain state is serialized and, by default, where it lives.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Grain state is written by <see cref="StoredStateSerializer"/> (layout 2, with the upgrades that read layout 1) for
    /// every provider that does not set a serializer of its own.
    /// </summary>
    public static IServiceCollection AddStoredStateSerializer(this IServiceCollection services)
    {
        services.TryAddSingleton<OrleansGrainStorageSerializer>();
        services.AddSingleton(IssueUpgrade.Upgrade);
        services.AddSingleton(SeerRunUpgrade.Upgrade);
        services.AddSingleton(MetricAlertUpgrade.Upgrade);
        services.AddSingleton(InstallationUpgrade.Upgrade);
        services.AddSingleton(InstallationUpgrade.IndexUpgrade);
        services.AddSingleton<StoredStateSerializer>();
        services.AddSingleton<IGrainStorageSerializer>(provider => provider.GetRequiredService<StoredStateSerializer>());
        return services;
    }

    /// <summary>The default grain storage in this process (<see cref="InProcessGrainStorage"/>): the development default and the grain tests'.</summary>
    public static IServiceCollection AddInProcessGrainStorageAsDefault(this IServiceCollection services) =>
        services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (provider, _) => new InProcessGrainStorage(provider.GetRequiredService<IGrainStorageSerializer>()));
}
