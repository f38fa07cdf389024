namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// Every test class that uses <see cref="PostgresServer"/> is in this collection, so they run one after
/// another: the outage test stops the shared server, and the cluster test wants the machine's cores.
/// Other tests still run in parallel with them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection
{
    public const string Name = "PostgreSQL";
}

/// <summary>The database of one test class (<c>sentry_&lt;class&gt;_&lt;random&gt;</c>), with the schema applied.</summary>
public sealed class PostgresDatabase<TTests> : IAsyncLifetime
{
    private string? connectionString;

    public string ConnectionString => connectionString ?? throw new InvalidOperationException("Not created.");

    public async Task InitializeAsync()
    {
        connectionString = await PostgresServer.Instance.CreateDatabaseAsync(typeof(TTests).Name);
        await Schema.ApplyAsync(connectionString);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
