using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Sentry.Grains.SentryApi;
using Sentry.Grains.Storage;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// An in-process Orleans TestingHost cluster with the grains, in-memory storage and reminders, and a
/// <see cref="FakeTimeProvider"/> as the grains' clock (grain timers follow it; the silo's own timers and
/// the reminder service stay on system time).
/// </summary>
public sealed class GrainCluster : IAsyncLifetime
{
    public const string ClientId = "test-client-id";
    public const string ClientSecret = "test-client-secret";

    /// <summary>A token encryption key for tests (base64 of 32 bytes).</summary>
    public static readonly string TokenEncryptionKey = Convert.ToBase64String("grain-cluster-test-key-32-bytes!"u8);

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The grains' configuration; change it before <see cref="InitializeAsync"/> (e.g. <c>Sentry:BaseUrl</c> of a fake Sentry).</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        [$"{SentryOptions.SectionName}:ClientId"] = ClientId,
        [$"{SentryOptions.SectionName}:ClientSecret"] = ClientSecret,
        [$"{SentryOptions.SectionName}:TokenEncryptionKey"] = TokenEncryptionKey,
        [$"{SentryOptions.SectionName}:BaseUrl"] = $"http://127.0.0.1:{FreePorts.Next()}/",
        [$"{SentryOptions.SectionName}:RequestTimeout"] = "00:00:30", // a loaded machine may answer slowly; tests count attempts
    };

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddInProcessGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.Services.AddSentryGrains(configuration);
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>The reminder <paramref name="grain"/> has registered under <c>InstallationGrain.ReminderName</c>, read from the reminder table.</summary>
    public async Task<ReminderEntry?> ReminderOfAsync(IAddressable grain)
    {
        var table = Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var rows = await table.ReadRows(grain.GetGrainId());
        return rows.Reminders.SingleOrDefault(r => r.ReminderName == Sentry.Grains.Installations.InstallationGrain.ReminderName);
    }
}
