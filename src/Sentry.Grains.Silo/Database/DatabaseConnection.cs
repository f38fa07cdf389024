using Microsoft.Extensions.Configuration;

namespace Sentry.Grains.Silo.Database;

/// <summary>The connection string the schema is applied to: <c>Database:ConnectionName</c>, or the first AdoNet provider's.</summary>
public static class DatabaseConnection
{
    /// <summary>The connection string, or null with the reason when there is none.</summary>
    public static (string? ConnectionString, string? Problem) Resolve(IConfiguration configuration)
    {
        var name = configuration[$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.ConnectionName)}"];
        if (!string.IsNullOrWhiteSpace(name))
        {
            var named = configuration.GetConnectionString(name);
            return string.IsNullOrWhiteSpace(named)
                ? (null, $"Database:ConnectionName is '{name}' but ConnectionStrings:{name} is not set (environment variable ConnectionStrings__{name}).")
                : (named, null);
        }

        var provider = AdoNetProviders.Read(configuration).FirstOrDefault(p => p.ConnectionString is not null);
        return provider is null
            ? (null, "No database is configured: set Orleans:Clustering (ProviderType=AdoNet, Invariant=Npgsql, ConnectionName=<name>) and ConnectionStrings:<name>, or Database:ConnectionName. See README, 'Storage and cluster'.")
            : (provider.ConnectionString, null);
    }
}
