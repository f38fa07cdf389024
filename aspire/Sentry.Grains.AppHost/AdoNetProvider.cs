using Aspire.Hosting.Orleans;

namespace Sentry.Grains.AppHost;

/// <summary>
/// An Orleans provider (clustering, grain storage or reminders) on a PostgreSQL database through Orleans'
/// ADO.NET providers: what Orleans' configuration reader wants (<c>ProviderType=AdoNet</c>,
/// <c>Invariant=Npgsql</c>, <c>ConnectionName=&lt;database resource&gt;</c>) and the connection string by
/// <c>WithReference</c>. Aspire's own provider configuration for a database resource would write the
/// provider type <c>PostgresDatabase</c> (or <c>ConnectionString</c>), which Orleans does not have.
/// </summary>
internal sealed class AdoNetProvider(IResourceBuilder<IResourceWithConnectionString> database) : IProviderConfiguration
{
    public const string ProviderType = "AdoNet";
    public const string Invariant = "Npgsql";

    public void ConfigureResource<T>(IResourceBuilder<T> resourceBuilder, string configSectionPath)
        where T : IResourceWithEnvironment
    {
        var section = $"Orleans__{configSectionPath.Replace(":", "__", StringComparison.Ordinal)}";
        resourceBuilder
            .WithEnvironment($"{section}__ProviderType", ProviderType)
            .WithEnvironment($"{section}__Invariant", Invariant)
            .WithEnvironment($"{section}__ConnectionName", database.Resource.Name)
            .WithReference(database);
    }
}
