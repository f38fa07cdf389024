using Npgsql;

namespace Sentry.Grains.Silo.Database;

/// <summary>
/// Npgsql settings the service's PostgreSQL connections get unless the connection string sets them: <c>Max Auto
/// Prepare=20</c> (Orleans' storage, membership and reminder statements are prepared once per connection instead of
/// planned on every call) and <c>No Reset On Close=true</c> (a pooled connection keeps its prepared statements: Orleans
/// and this service leave no session state on a connection). Measured by the load test: about half the PostgreSQL CPU
/// per webhook.
/// </summary>
public static class ConnectionDefaults
{
    public const int MaxAutoPrepare = 20;

    /// <summary>Adds the settings to the PostgreSQL connection strings the AdoNet providers use, as configuration that overrides the original.</summary>
    public static void Apply(IConfigurationManager configuration)
    {
        var overrides = new Dictionary<string, string?>();
        foreach (var provider in AdoNetProviders.Read(configuration).Where(p => p.ConnectionString is not null && p.Invariant == AdoNetProviders.PostgreSqlInvariant))
        {
            if (WithDefaults(provider.ConnectionString!) is not { } withDefaults)
            {
                continue; // not a connection string: the start's validation names the setting
            }

            var key = provider.ConnectionName is { } name ? $"ConnectionStrings:{name}" : $"{provider.Section}:ConnectionString";
            overrides[key] = withDefaults;
        }

        if (overrides.Count > 0)
        {
            configuration.AddInMemoryCollection(overrides);
        }
    }

    /// <summary><paramref name="connectionString"/> with the defaults it does not set itself; null if it does not parse.</summary>
    public static string? WithDefaults(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey answers for every keyword it knows: what was given is read untyped.
        var given = new System.Data.Common.DbConnectionStringBuilder();
        try
        {
            given.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return null;
        }

        var keys = given.Keys.Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!keys.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        if (!keys.Contains("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
