using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Sentry.Grains.Silo.Database;

namespace Sentry.Grains.Silo.Health;

/// <summary>
/// Ready only while every database the AdoNet providers use (membership table, grain state,
/// reminders) answers <c>SELECT 1</c> within <see cref="DatabaseOptions.HealthCheckTimeout"/>.
/// Registered only when a provider is AdoNet. Each check opens a fresh, unpooled connection so it
/// reports the database as it is now, not a pooled connection from before an outage. When the
/// database answers again after an outage it clears Npgsql's pools, so the providers' next commands
/// do not run into the connections the database closed when it went down.
/// </summary>
public sealed class DatabaseHealthCheck(IConfiguration configuration, IOptions<DatabaseOptions> options) : IHealthCheck
{
    private readonly IReadOnlyList<(string Sections, string ConnectionString)> databases =
    [
        .. AdoNetProviders.Read(configuration)
            .Where(p => p.ConnectionString is not null)
            .GroupBy(p => p.ConnectionString!, StringComparer.Ordinal)
            .Select(g => (string.Join(", ", g.Select(p => p.Section)), Unpooled(g.Key))),
    ];

    private volatile bool unreachable;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        foreach (var (sections, connectionString) in databases)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.HealthCheckTimeout);
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(timeout.Token);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(timeout.Token);
            }
            catch (Exception error) when (error is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                unreachable = true;
                return HealthCheckResult.Unhealthy($"The database of {sections} is unreachable: {error.Message}");
            }
        }

        if (unreachable)
        {
            unreachable = false;
            NpgsqlConnection.ClearAllPools();
        }

        return HealthCheckResult.Healthy("The database answers.");
    }

    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
}
