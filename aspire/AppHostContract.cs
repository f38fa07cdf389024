namespace Sentry.Grains.Aspire;

/// <summary>
/// The contract between the Aspire AppHost and the Silo, in one place: resource names, the AppHost's own
/// settings, the Orleans ids and providers, and the environment each silo replica gets. The AppHost
/// (aspire/Sentry.Grains.AppHost) builds its model from it; its test (tests/.../Aspire/AppHostTests) runs the
/// real AppHost and compares a replica's real environment with <see cref="SiloEnvironment"/>; the test that
/// starts the Silo "as Aspire would" (AppHostEnvironmentTests) and the Kubernetes manifests use the same names.
/// </summary>
public static class AppHostContract
{
    /// <summary>The PostgreSQL server resource (a local executable or a container).</summary>
    public const string PostgresResource = "postgres";

    /// <summary>The database resource; Aspire's WithReference gives <c>ConnectionStrings__orleansdb</c>.</summary>
    public const string DatabaseResource = "orleansdb";

    /// <summary>The database the AppHost creates on a local or container server.</summary>
    public const string DatabaseName = "sentry_grains";

    /// <summary>The Orleans resource (<c>AddOrleans</c>).</summary>
    public const string OrleansResource = "sentry-grains";

    /// <summary>
    /// Orleans' cluster id, stable (not Aspire's generated parameter): the silos that form one membership.
    /// The same as the Kubernetes manifests' <c>orleans/clusterId</c> label.
    /// </summary>
    public const string ClusterId = "sentry-grains";

    /// <summary>Orleans' service id, stable: grain state and reminders are stored under it.</summary>
    public const string ServiceId = "sentry-grains";

    /// <summary>The grain storage every grain uses.</summary>
    public const string GrainStorage = "Default";

    /// <summary>The silo project resource.</summary>
    public const string SiloResource = "silo";

    /// <summary>The Silo's readiness endpoint (ServiceDefaults' <c>Extensions.ReadyPath</c>): the silos' health check.</summary>
    public const string SiloReadyPath = "/health/ready";

    /// <summary>Where each silo serves Orleans' dashboard (the Silo's <c>OrleansDashboard.Path</c>, with the slash its page wants).</summary>
    public const string OrleansDashboardPath = "/dashboard/";

    /// <summary>The silo's HTTP endpoint (from its launch profile); Aspire proxies it across the replicas.</summary>
    public const string SiloHttpEndpoint = "http";

    /// <summary>The parameter holding the Sentry app's client id.</summary>
    public const string ClientIdParameter = "sentry-client-id";

    /// <summary>The secret parameter holding the Sentry app's client secret.</summary>
    public const string ClientSecretParameter = "sentry-client-secret";

    /// <summary>The secret parameter holding the token encryption key (base64, 32 bytes).</summary>
    public const string TokenEncryptionKeyParameter = "sentry-token-encryption-key";

    /// <summary>The secret parameter holding an API key for <c>/api/*</c> and <c>/dashboard</c>.</summary>
    public const string ApiKeyParameter = "api-key";

    /// <summary>Silo replicas unless <see cref="Settings.SiloReplicas"/> says otherwise.</summary>
    public const int Replicas = 3;

    /// <summary>The AppHost's own settings (its configuration: appsettings, user secrets, <c>--Key=value</c>).</summary>
    public static class Settings
    {
        /// <summary><c>Local</c>, <c>ConnectionString</c> or <c>Container</c>; see <c>PostgresMode</c> in the AppHost for the default.</summary>
        public const string PostgresMode = "Postgres:Mode";

        /// <summary>Local mode: the port the server listens on, on 127.0.0.1.</summary>
        public const string PostgresPort = "Postgres:Port";

        /// <summary>Local mode: the data folder (initdb on first use).</summary>
        public const string PostgresDataDirectory = "Postgres:DataDirectory";

        /// <summary>Local mode: the folder of PostgreSQL's binaries (initdb, postgres).</summary>
        public const string PostgresBinaries = "Postgres:Binaries";

        /// <summary>How many silo replicas.</summary>
        public const string SiloReplicas = "Silo:Replicas";

        /// <summary>The port of Aspire's proxy in front of the replicas' HTTP endpoints.</summary>
        public const string SiloHttpPort = "Silo:HttpPort";

        /// <summary>The silos' ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT.</summary>
        public const string SiloEnvironment = "Silo:Environment";

        /// <summary>The configuration key Aspire reads a parameter's value from.</summary>
        public static string Parameter(string name) => $"Parameters:{name}";
    }

    /// <summary>
    /// ADO.NET clustering, grain storage and reminders on the referenced database, plus the schema applied on
    /// start. Aspire's own provider configuration would write the provider type <c>PostgresDatabase</c> or
    /// <c>ConnectionString</c>, which Orleans does not have: the AppHost's <c>AdoNetProvider</c> writes these.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ProviderEnvironment { get; } =
    [
        new("Orleans__Clustering__ProviderType", "AdoNet"),
        new("Orleans__Clustering__Invariant", "Npgsql"),
        new("Orleans__Clustering__ConnectionName", DatabaseResource),
        new($"Orleans__GrainStorage__{GrainStorage}__ProviderType", "AdoNet"),
        new($"Orleans__GrainStorage__{GrainStorage}__Invariant", "Npgsql"),
        new($"Orleans__GrainStorage__{GrainStorage}__ConnectionName", DatabaseResource),
        new("Orleans__Reminders__ProviderType", "AdoNet"),
        new("Orleans__Reminders__Invariant", "Npgsql"),
        new("Orleans__Reminders__ConnectionName", DatabaseResource),
        new("Database__ApplySchemaOnStart", "true"),
    ];

    /// <summary>Variables Aspire gives a replica with values it makes up per run (an instance id, the dashboard's OTLP address and key).</summary>
    public static IReadOnlySet<string> PerRunVariables { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "OTEL_RESOURCE_ATTRIBUTES",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_HEADERS",
        "OTEL_EXPORTER_OTLP_PROTOCOL",
    };

    /// <summary>
    /// Everything one silo replica's process gets from the AppHost (observed with Aspire 13.6.5; AppHostTests
    /// compares a real replica's environment with this): what Aspire injects by itself (connection string,
    /// Orleans ids and endpoints, URLs, OpenTelemetry settings) plus <see cref="ProviderEnvironment"/>, the
    /// environment name, the loopback address and the parameters. Not here: the <see cref="PerRunVariables"/>,
    /// except the OTLP endpoint when <paramref name="otlpEndpoint"/> is given.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SiloEnvironment(
        string connectionString,
        int httpPort,
        int siloPort,
        int gatewayPort,
        AppHostSecrets secrets,
        string environmentName = "Development",
        string? otlpEndpoint = null)
    {
        var ports = System.Globalization.CultureInfo.InvariantCulture;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Aspire.Hosting: WithReference(database), through the provider configuration
            [$"ConnectionStrings__{DatabaseResource}"] = connectionString,
            // Aspire.Hosting.Orleans: WithReference(orleans)
            ["Orleans__ClusterId"] = ClusterId,
            ["Orleans__ServiceId"] = ServiceId,
            ["Orleans__EnableDistributedTracing"] = "true",
            ["Orleans__Endpoints__SiloPort"] = siloPort.ToString(ports),
            ["Orleans__Endpoints__GatewayPort"] = gatewayPort.ToString(ports),
            // Aspire.Hosting: project resources (the Silo's launch profile gives the host, 127.0.0.1)
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
            ["DOTNET_LAUNCH_PROFILE"] = "Sentry.Grains.Silo",
            ["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "true",
            ["LOGGING__CONSOLE__FORMATTERNAME"] = "simple",
            ["OTEL_SERVICE_NAME"] = SiloResource,
            ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            ["OTEL_METRICS_EXEMPLAR_FILTER"] = "trace_based",
            ["OTEL_TRACES_SAMPLER"] = "always_on",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
            ["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION"] = "true",
            ["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = "true",
            // The AppHost: the silos' environment name, loopback-only Orleans endpoints, the parameters
            ["ASPNETCORE_ENVIRONMENT"] = environmentName,
            ["DOTNET_ENVIRONMENT"] = environmentName,
            ["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1",
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
