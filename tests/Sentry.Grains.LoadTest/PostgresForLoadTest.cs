namespace Sentry.Grains.LoadTest;

/// <summary>PostgreSQL for the load test (filled in when the PostgreSQL support lands).</summary>
public sealed class PostgresForLoadTest : IAsyncDisposable
{
    public static Task<PostgresForLoadTest> StartAsync(string? connectionString) =>
        throw new NotSupportedException("--storage postgres needs the PostgreSQL support; use --storage memory.");

    public IReadOnlyDictionary<string, string> SiloEnvironment() => throw new NotSupportedException();

    public Task<double> PgBenchAsync(TimeSpan duration) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
