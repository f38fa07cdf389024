using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// An in-process Orleans TestingHost cluster with the grains, in-memory storage and reminders, and a
/// <see cref="FakeTimeProvider"/> as the grains' clock (the silo's own timers stay on system time).
/// </summary>
public sealed class GrainCluster : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.Services.AddSentryGrains(new ConfigurationBuilder().Build());
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
