using System.Globalization;
using Microsoft.Extensions.Configuration;
using Sentry.Grains.Aspire;

namespace Sentry.Grains.AppHost;

/// <summary>
/// The AppHost's <c>Silo</c> settings: replicas (default <see cref="AppHostContract.Replicas"/>), the port of
/// Aspire's proxy in front of them (default: the Silo's launch profile, 5080) and their environment name
/// (default: Development when the AppHost runs, where the Silo accepts the development secrets the local
/// parameters default to; Production when it publishes).
/// </summary>
internal sealed record SiloSettings(int Replicas, int? HttpPort, string Environment)
{
    public static SiloSettings From(IConfiguration configuration, DistributedApplicationExecutionContext execution)
    {
        var replicas = configuration[AppHostContract.Settings.SiloReplicas] is { Length: > 0 } count
            ? int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 16
                ? parsed
                : throw new InvalidOperationException($"{AppHostContract.Settings.SiloReplicas} is '{count}': 1 to 16.")
            : AppHostContract.Replicas;
        int? httpPort = configuration[AppHostContract.Settings.SiloHttpPort] is { Length: > 0 } port
            ? int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedPort) && parsedPort is > 0 and < 65536
                ? parsedPort
                : throw new InvalidOperationException($"{AppHostContract.Settings.SiloHttpPort} is '{port}': a TCP port (1-65535).")
            : null;
        var environment = configuration[AppHostContract.Settings.SiloEnvironment] is { Length: > 0 } name
            ? name
            : execution.IsRunMode ? "Development" : "Production";
        return new SiloSettings(replicas, httpPort, environment);
    }
}
