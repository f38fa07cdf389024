using Sentry.Grains.Aspire;

namespace Sentry.Grains.AppHost;

/// <summary>
/// The PostgreSQL database of the silos' clustering, grain state and reminders (<see cref="AppHostContract.DatabaseResource"/>),
/// and what the silos wait for before they start (nothing for an existing server).
/// </summary>
internal sealed record OrleansDatabase(IResourceBuilder<IResourceWithConnectionString> Database, IResourceBuilder<IResource>? WaitFor)
{
    public static OrleansDatabase Add(IDistributedApplicationBuilder builder, PostgresSettings settings)
    {
        switch (settings.Mode)
        {
            case PostgresMode.Local:
                var server = LocalPostgres.Add(builder, settings);
                return new OrleansDatabase(LocalPostgres.AddDatabase(builder, server), server);

            case PostgresMode.ConnectionString:
                return new OrleansDatabase(builder.AddConnectionString(AppHostContract.DatabaseResource), null);

            default:
                var database = builder.AddPostgres(AppHostContract.PostgresResource)
                    .WithDataVolume()
                    .AddDatabase(AppHostContract.DatabaseResource, AppHostContract.DatabaseName);
                return new OrleansDatabase(database, database);
        }
    }
}
