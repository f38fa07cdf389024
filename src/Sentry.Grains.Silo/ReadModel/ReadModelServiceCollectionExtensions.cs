using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Silo.Configuration;
using Sentry.Grains.Silo.Database;

namespace Sentry.Grains.Silo.ReadModel;

/// <summary>
/// Where the read model lives: in PostgreSQL, on the grain storage's own database, when the <c>Default</c> grain storage
/// is the ADO.NET provider (production); otherwise in this process (the development default). <c>ReadModel:Enabled=false</c>
/// drops every change instead (only to measure what the read side costs).
/// </summary>
public static class ReadModelServiceCollectionExtensions
{
    public static WebApplicationBuilder AddSentryGrainsReadModel(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChangesOptions>().Bind(builder.Configuration.GetSection(ChangesOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var storage = AdoNetProviders.Read(builder.Configuration).FirstOrDefault(p => p.Section.EndsWith("GrainStorage:Default", StringComparison.OrdinalIgnoreCase));
        if (!builder.Configuration.GetValue("ReadModel:Enabled", defaultValue: true))
        {
            builder.Services.AddSingleton<IReadModelStore, DisabledReadModelStore>();
        }
        else if (storage?.ConnectionString is { } connectionString)
        {
            builder.Services.AddKeyedSingleton(ReadModelDatabase, (_, _) => NpgsqlDataSource.Create(connectionString));
            builder.Services.AddSingleton<IReadModelStore>(provider => new PostgresReadModelStore(
                provider.GetRequiredKeyedService<NpgsqlDataSource>(ReadModelDatabase),
                provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        }

        builder.Services.AddHostedService<ChangeFeedRetention>();
        return builder;
    }

    private const string ReadModelDatabase = "read-model";
}
