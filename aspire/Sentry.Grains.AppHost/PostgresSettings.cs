using System.Globalization;
using Microsoft.Extensions.Configuration;
using Sentry.Grains.Aspire;

namespace Sentry.Grains.AppHost;

/// <summary>
/// The AppHost's <c>Postgres</c> settings. Without <c>Postgres:Mode</c>: an existing server when
/// <c>ConnectionStrings:orleansdb</c> is configured, else a local server when PostgreSQL's binaries are
/// installed (and the AppHost runs, not publishes), else the container.
/// </summary>
internal sealed record PostgresSettings(PostgresMode Mode, int Port, string DataDirectory, string? Binaries)
{
    public const int DefaultPort = 55433;

    public static PostgresSettings From(IConfiguration configuration, DistributedApplicationExecutionContext execution)
    {
        var binaries = configuration[AppHostContract.Settings.PostgresBinaries] is { Length: > 0 } configured ? configured : PostgresBinaries.Find();
        var mode = configuration[AppHostContract.Settings.PostgresMode] switch
        {
            null or "" when !string.IsNullOrEmpty(configuration.GetConnectionString(AppHostContract.DatabaseResource)) => PostgresMode.ConnectionString,
            null or "" => binaries is not null && execution.IsRunMode ? PostgresMode.Local : PostgresMode.Container,
            var name when Enum.TryParse<PostgresMode>(name, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) => parsed,
            var name => throw new InvalidOperationException(
                $"{AppHostContract.Settings.PostgresMode} is '{name}': use Local, ConnectionString or Container."),
        };

        var port = configuration[AppHostContract.Settings.PostgresPort] is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedPort) && parsedPort is > 0 and < 65536
                ? parsedPort
                : throw new InvalidOperationException($"{AppHostContract.Settings.PostgresPort} is '{text}': a TCP port (1-65535).")
            : DefaultPort;
        var dataDirectory = configuration[AppHostContract.Settings.PostgresDataDirectory] is { Length: > 0 } folder
            ? Path.GetFullPath(folder)
            : Path.Combine(Path.GetTempPath(), "sentry-grains-apphost", "postgres");
        return new PostgresSettings(mode, port, dataDirectory, binaries);
    }
}
