namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// The configuration that puts the service on PostgreSQL: the standard Orleans section with the three
/// AdoNet providers and one named connection string, as README's "Storage and cluster" documents.
/// </summary>
public static class PostgresSettings
{
    public const string ConnectionName = "orleansdb";

    /// <summary>The settings as configuration keys (<c>Orleans:Clustering:ProviderType</c> = ...).</summary>
    public static IReadOnlyDictionary<string, string> For(string connectionString, string clusterId, string serviceId)
    {
        var settings = new Dictionary<string, string>
        {
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = serviceId,
            [$"ConnectionStrings:{ConnectionName}"] = connectionString,
        };
        foreach (var provider in new[] { "Clustering", "GrainStorage:Default", "Reminders" })
        {
            settings[$"Orleans:{provider}:ProviderType"] = "AdoNet";
            settings[$"Orleans:{provider}:Invariant"] = "Npgsql";
            settings[$"Orleans:{provider}:ConnectionName"] = ConnectionName;
        }

        return settings;
    }

    /// <summary>The same as command-line arguments for <see cref="ServiceHost.StartAsync"/>.</summary>
    public static string[] AsArguments(string connectionString, string clusterId, string serviceId) =>
        [.. For(connectionString, clusterId, serviceId).Select(s => $"--{s.Key}={s.Value}")];
}
