using Microsoft.Extensions.Configuration;

namespace Sentry.Grains.Silo.Database;

/// <summary>One Orleans provider configured with <c>ProviderType=AdoNet</c>, and the connection it resolves to.</summary>
/// <param name="Section">The configuration section, e.g. <c>Orleans:GrainStorage:Default</c>.</param>
/// <param name="Invariant">The ADO.NET invariant (<c>Npgsql</c>).</param>
/// <param name="ConnectionName">The <c>ConnectionName</c> setting, if the connection is named.</param>
/// <param name="ConnectionString">The connection string: <c>ConnectionString</c>, or <c>ConnectionStrings:&lt;ConnectionName&gt;</c>; null if neither is set.</param>
public sealed record AdoNetProvider(string Section, string? Invariant, string? ConnectionName, string? ConnectionString);

/// <summary>
/// Reads the Orleans providers that live in a database from the standard <c>Orleans</c> section
/// (the same keys Orleans' own AdoNet provider builders read), so the host can apply the schema to,
/// and health-check, the very connections Orleans uses.
/// </summary>
public static class AdoNetProviders
{
    public const string ProviderType = "AdoNet";
    public const string PostgreSqlInvariant = "Npgsql";

    /// <summary>The AdoNet providers in the order Clustering, GrainStorage:*, Reminders, GrainDirectory:*.</summary>
    public static IReadOnlyList<AdoNetProvider> Read(IConfiguration configuration)
    {
        var orleans = configuration.GetSection("Orleans");
        IEnumerable<IConfigurationSection> sections =
        [
            orleans.GetSection("Clustering"),
            .. orleans.GetSection("GrainStorage").GetChildren(),
            orleans.GetSection("Reminders"),
            .. orleans.GetSection("GrainDirectory").GetChildren(),
        ];

        return
        [
            .. sections
                .Where(s => string.Equals(s["ProviderType"], ProviderType, StringComparison.OrdinalIgnoreCase))
                .Select(s =>
                {
                    var name = NullIfEmpty(s["ConnectionName"]);
                    var connectionString = NullIfEmpty(s["ConnectionString"])
                        ?? (name is null ? null : NullIfEmpty(configuration.GetConnectionString(name)));
                    return new AdoNetProvider(s.Path, NullIfEmpty(s["Invariant"]), name, connectionString);
                }),
        ];
    }

    /// <summary>What is wrong with the AdoNet providers' settings, as messages that name the settings to fix.</summary>
    public static IEnumerable<string> Problems(IReadOnlyList<AdoNetProvider> providers)
    {
        foreach (var provider in providers)
        {
            if (provider.Invariant is null)
            {
                yield return $"{provider.Section}:Invariant is required with ProviderType=AdoNet; set it to '{PostgreSqlInvariant}' (environment variable {EnvironmentName(provider.Section)}__Invariant).";
            }
            else if (!string.Equals(provider.Invariant, PostgreSqlInvariant, StringComparison.Ordinal))
            {
                yield return $"{provider.Section}:Invariant is '{provider.Invariant}'; this service ships the schema for PostgreSQL only, so it must be '{PostgreSqlInvariant}'.";
            }

            if (provider.ConnectionString is null)
            {
                yield return provider.ConnectionName is null
                    ? $"{provider.Section} needs a connection: set {provider.Section}:ConnectionName=<name> and ConnectionStrings:<name> (environment variables {EnvironmentName(provider.Section)}__ConnectionName and ConnectionStrings__<name>)."
                    : $"{provider.Section}:ConnectionName is '{provider.ConnectionName}' but ConnectionStrings:{provider.ConnectionName} is not set (environment variable ConnectionStrings__{provider.ConnectionName}).";
            }
        }
    }

    private static string EnvironmentName(string path) => path.Replace(":", "__", StringComparison.Ordinal);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
