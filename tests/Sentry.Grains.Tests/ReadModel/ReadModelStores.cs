using Npgsql;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Silo.ReadModel;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.ReadModel;

/// <summary>A fresh read-model store for a test: one class of tests runs against each kind.</summary>
public interface IReadModelStoreFactory
{
    Task<IReadModelStore> CreateAsync();
}

/// <summary>The in-memory store.</summary>
public sealed class InMemoryStores : IReadModelStoreFactory
{
    public Task<IReadModelStore> CreateAsync() => Task.FromResult<IReadModelStore>(new InMemoryReadModelStore());
}

/// <summary>The PostgreSQL store on the test server: one database with the schema, a fresh ServiceId per store.</summary>
public sealed class PostgresStores : IReadModelStoreFactory, IAsyncLifetime
{
    private NpgsqlDataSource? database;

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource Database => database ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.Instance.CreateDatabaseAsync("readmodel");
        await Schema.ApplyAsync(ConnectionString);
        database = NpgsqlDataSource.Create(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    public Task<IReadModelStore> CreateAsync() => Task.FromResult<IReadModelStore>(new PostgresReadModelStore(Database, $"service-{Guid.NewGuid():N}"));
}
