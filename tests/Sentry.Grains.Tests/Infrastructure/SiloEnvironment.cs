namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// The environment a silo process gets: what an Aspire AppHost (or deploy/local/cluster.sh) gives each
/// replica, i.e. the standard Orleans section with the AdoNet providers, the named connection string
/// and the silo's own ports. The one place to add a setting that becomes required in Production.
/// </summary>
public static class SiloEnvironment
{
    /// <summary>Failure detection for tests: a killed silo is declared dead after about ProbeTimeout x NumMissedProbesLimit.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    public const int NumMissedProbesLimit = 3;

    public static Dictionary<string, string> For(string connectionString, string clusterId, SiloPorts ports, string serviceId = "sentry-grains")
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports.Http}",
            ["Sentry__ClientSecret"] = ServiceHost.Secret,
            ["Sentry__ClientId"] = "cluster-test-client",
            ["Sentry__TokenEncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("cluster-test-token-key"u8)),
            ["Api__Keys__0"] = ServiceHost.ApiKey,
            ["Orleans__Endpoints__SiloPort"] = ports.Silo.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__Endpoints__GatewayPort"] = ports.Gateway.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans__EnableDistributedTracing"] = "true",
            ["Orleans__Membership__ProbeTimeout"] = ProbeTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__Membership__NumMissedProbesLimit"] = NumMissedProbesLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Shutdown__DrainDelay"] = "00:00:02",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Sentry.Grains.Silo.Health"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
        };
        foreach (var (key, value) in PostgresSettings.For(connectionString, clusterId, serviceId))
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return environment;
    }
}

/// <summary>A silo process's HTTP, silo-to-silo and client gateway ports on 127.0.0.1.</summary>
public sealed record SiloPorts(int Http, int Silo, int Gateway)
{
    public static SiloPorts Free() => new(FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
}
