namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// The built Silo binary as a real <see cref="ServiceProcess"/> with its own ports, and an HTTP client
/// (with the tests' API key) on its HTTP port.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly ServiceProcess process;

    private SiloProcess(SiloPorts ports, ServiceProcess process)
    {
        Ports = ports;
        this.process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports.Http}"), Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServiceHost.ApiKey);
    }

    public string Name => process.Name;
    public SiloPorts Ports { get; }
    public string LogPath => process.LogPath;
    public HttpClient Http { get; }
    public int ProcessId => process.ProcessId;
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    /// <summary>src/Sentry.Grains.Silo/bin/&lt;Configuration&gt;/net10.0/Sentry.Grains.Silo.dll, the configuration the tests were built in.</summary>
    public static string Binary
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testBin.Parent!.Name;
            var dll = Path.Combine(Fixtures.RepositoryRoot, "src", "Sentry.Grains.Silo", "bin", configuration, testBin.Name, "Sentry.Grains.Silo.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"The Silo binary is not built at {dll}; build the solution first.", dll);
        }
    }

    public static SiloProcess Start(string name, SiloPorts ports, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        new(ports, ServiceProcess.Start(name, Binary, environment, arguments));

    /// <summary>Waits until <c>/health/ready</c> answers 200; fails with the log's tail if the process exits first.</summary>
    public Task WaitUntilReadyAsync(TimeSpan timeout) => process.WaitUntilReadyAsync(Http, timeout);

    /// <summary>SIGKILL: the process dies at once, leaving its membership row and its connections behind.</summary>
    public void Kill() => process.Kill();

    /// <summary>SIGTERM: what an orchestrator sends to stop a replica gracefully.</summary>
    public void Terminate() => process.Terminate();

    public Task<int> WaitForExitAsync(TimeSpan timeout) => process.WaitForExitAsync(timeout);

    public string LogTail(int lines = 60) => process.LogTail(lines);

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        Http.Dispose();
    }
}
