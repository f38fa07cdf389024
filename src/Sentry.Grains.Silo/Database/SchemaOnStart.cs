namespace Sentry.Grains.Silo.Database;

/// <summary>
/// <c>Database:ApplySchemaOnStart=true</c>: applies the schema before the silo starts. Several silos
/// starting at once take turns on the advisory lock; all but the first find nothing to do.
/// </summary>
internal sealed class SchemaOnStart(SchemaMigrator migrator, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (connectionString, problem) = DatabaseConnection.Resolve(configuration);
        await migrator.ApplyAsync(connectionString ?? throw new InvalidOperationException(problem), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
