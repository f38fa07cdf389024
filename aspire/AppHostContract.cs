namespace Sentry.Grains.Aspire;

/// <summary>
/// The contract between the Aspire AppHost and the Silo, in one place: the resource names and the
/// environment each silo replica gets. The AppHost (aspire/Sentry.Grains.AppHost) builds its model
/// from it; the test that starts the Silo "as Aspire would" (tests/.../Aspire) uses the same names and
/// values, and the Kubernetes manifests (deploy/kubernetes) are checked against it.
/// </summary>
public static class AppHostContract
{
    /// <summary>The PostgreSQL database resource; Aspire's WithReference gives <c>ConnectionStrings__orleansdb</c>.</summary>
    public const string DatabaseResource = "orleansdb";

    /// <summary>The Orleans resource; Aspire's WithReference gives <c>Orleans__ClusterId</c>, <c>Orleans__ServiceId</c>, endpoints.</summary>
    public const string OrleansResource = "sentry-grains";

    /// <summary>The silo project resource.</summary>
    public const string SiloResource = "silo";

    /// <summary>The secret parameter holding the Sentry app's client secret.</summary>
    public const string ClientSecretParameter = "sentry-client-secret";

    /// <summary>The parameter holding the Sentry app's client id.</summary>
    public const string ClientIdParameter = "sentry-client-id";

    /// <summary>The secret parameter holding the token encryption key (base64, 32 bytes).</summary>
    public const string TokenEncryptionKeyParameter = "sentry-token-encryption-key";

    /// <summary>The secret parameter holding an API key for <c>/api/*</c>.</summary>
    public const string ApiKeyParameter = "api-key";

    public const int Replicas = 3;

    /// <summary>
    /// What Aspire's <c>WithClustering(postgresDatabase)</c> cannot express (it emits a provider type
    /// Orleans does not have): ADO.NET clustering, grain storage and reminders on the referenced database.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ProviderEnvironment { get; } =
    [
        new("Orleans__Clustering__ProviderType", "AdoNet"),
        new("Orleans__Clustering__Invariant", "Npgsql"),
        new("Orleans__Clustering__ConnectionName", DatabaseResource),
        new("Orleans__GrainStorage__Default__ProviderType", "AdoNet"),
        new("Orleans__GrainStorage__Default__Invariant", "Npgsql"),
        new("Orleans__GrainStorage__Default__ConnectionName", DatabaseResource),
        new("Orleans__Reminders__ProviderType", "AdoNet"),
        new("Orleans__Reminders__Invariant", "Npgsql"),
        new("Orleans__Reminders__ConnectionName", DatabaseResource),
        new("Database__ApplySchemaOnStart", "true"),
    ];

    /// <summary>
    /// Everything one silo replica's process gets from the AppHost: what Aspire injects by itself
    /// (connection string, Orleans ids and endpoints, OpenTelemetry settings, URLs) plus
    /// <see cref="ProviderEnvironment"/> and the secrets.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SiloEnvironment(
        string connectionString,
        int httpPort,
        int siloPort,
        int gatewayPort,
        AppHostSecrets secrets,
        string? otlpEndpoint = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Aspire.Hosting: WithReference(database)
            [$"ConnectionStrings__{DatabaseResource}"] = connectionString,
            // Aspire.Hosting.Orleans: WithReference(orleans)
            ["Orleans__ClusterId"] = $"{OrleansResource}-cluster",
            ["Orleans__ServiceId"] = $"{OrleansResource}-service",
            ["Orleans__EnableDistributedTracing"] = "true",
            ["Orleans__Endpoints__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__Endpoints__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Aspire.Hosting: project resources (the project's launch profile sets Development)
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            ["OTEL_SERVICE_NAME"] = SiloResource,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={SiloResource}-{httpPort}",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            ["OTEL_TRACES_SAMPLER"] = "always_on",
            // Parameters
            ["Sentry__ClientId"] = secrets.ClientId,
            ["Sentry__ClientSecret"] = secrets.ClientSecret,
            ["Sentry__TokenEncryptionKey"] = secrets.TokenEncryptionKey,
            ["Api__Keys__0"] = secrets.ApiKey,
        };
        if (otlpEndpoint is not null)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        }

        foreach (var (name, value) in ProviderEnvironment)
        {
            environment[name] = value;
        }

        return environment;
    }
}

/// <summary>The values of the AppHost's parameters.</summary>
public sealed record AppHostSecrets(string ClientId, string ClientSecret, string TokenEncryptionKey, string ApiKey);
