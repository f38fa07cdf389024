using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Sentry.Grains.Aspire;

namespace Sentry.Grains.Tests.Aspire;

/// <summary>
/// The real AppHost (aspire/Sentry.Grains.AppHost) in this process through Aspire.Hosting.Testing, with its
/// local PostgreSQL on a free port and a data folder of its own, its silo proxy on a free port, and the
/// test's parameters, all as <c>--Key=value</c> arguments: it never collides with a running AppHost.
/// </summary>
public sealed class AppHostRun : IAsyncDisposable
{
    private AppHostRun(DistributedApplication app, string dataDirectory, int postgresPort, int siloHttpPort, AppHostSecrets secrets)
    {
        App = app;
        DataDirectory = dataDirectory;
        PostgresPort = postgresPort;
        SiloHttpPort = siloHttpPort;
        Secrets = secrets;
    }

    public DistributedApplication App { get; }
    public string DataDirectory { get; }
    public int PostgresPort { get; }
    public int SiloHttpPort { get; }
    public AppHostSecrets Secrets { get; }

    /// <summary>The connection string the AppHost gives the silos (its local server, trust authentication).</summary>
    public string ConnectionString =>
        $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Database={AppHostContract.DatabaseName}";

    /// <summary>Markers only this run's processes have: PostgreSQL's data folder (its command line), the database port (the silos' environment).</summary>
    public string[] ProcessMarkers => [DataDirectory, $"Port={PostgresPort};"];

    public static async Task<AppHostRun> StartAsync(int replicas, AppHostSecrets secrets, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "sentry-grains-apphost-test-" + Guid.NewGuid().ToString("N")[..8], "postgres");
        var postgresPort = FreePorts.Next();
        var siloHttpPort = FreePorts.Next();
        string[] args =
        [
            $"--{AppHostContract.Settings.PostgresMode}=Local",
            $"--{AppHostContract.Settings.PostgresPort}={postgresPort}",
            $"--{AppHostContract.Settings.PostgresDataDirectory}={dataDirectory}",
            $"--{AppHostContract.Settings.SiloReplicas}={replicas}",
            $"--{AppHostContract.Settings.SiloHttpPort}={siloHttpPort}",
            "--DcpPublisher:RandomizePorts=false", // Aspire.Hosting.Testing would move the proxy off the port given above
            $"--{AppHostContract.Settings.Parameter(AppHostContract.ClientIdParameter)}={secrets.ClientId}",
            $"--{AppHostContract.Settings.Parameter(AppHostContract.ClientSecretParameter)}={secrets.ClientSecret}",
            $"--{AppHostContract.Settings.Parameter(AppHostContract.TokenEncryptionKeyParameter)}={secrets.TokenEncryptionKey}",
            $"--{AppHostContract.Settings.Parameter(AppHostContract.ApiKeyParameter)}={secrets.ApiKey}",
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Sentry_Grains_AppHost>(args, cancellationToken);
        var app = await builder.BuildAsync(cancellationToken);
        var run = new AppHostRun(app, dataDirectory, postgresPort, siloHttpPort, secrets);
        try
        {
            await app.StartAsync(cancellationToken);
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until <paramref name="count"/> replicas of the silo resource run, and returns them; fails if one ends first.</summary>
    public async Task<IReadOnlyList<SiloReplica>> RunningReplicasAsync(int count, CancellationToken cancellationToken)
    {
        var running = new Dictionary<string, CustomResourceSnapshot>(StringComparer.Ordinal);
        await foreach (var update in App.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (update.Resource.Name != AppHostContract.SiloResource)
            {
                continue;
            }

            var state = update.Snapshot.State?.Text;
            if (state is not null && KnownResourceStates.TerminalStates.Contains(state))
            {
                throw new InvalidOperationException($"Silo replica {update.ResourceId} is {state} (exit code {update.Snapshot.ExitCode}) before it ran.");
            }

            if (state == KnownResourceStates.Running && update.Snapshot.EnvironmentVariables.Any(v => v.Name == "ASPNETCORE_URLS"))
            {
                running[update.ResourceId] = update.Snapshot;
                if (running.Count == count)
                {
                    break;
                }
            }
        }

        return [.. running.Select(r => new SiloReplica(r.Key, r.Value, Secrets.ApiKey))];
    }

    /// <summary>Deletes PostgreSQL's data folder: once no process of the run is left.</summary>
    public void DeleteDataDirectory()
    {
        var folder = Path.GetDirectoryName(DataDirectory)!;
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
