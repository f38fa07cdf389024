using System.Globalization;
using Sentry.Grains.LoadTest;

// dotnet run -c Release --project tests/Sentry.Grains.LoadTest -- [options]   (see LoadTestOptions)
if (args is ["--bare-server", var barePort, var bareSecret])
{
    await BareServer.RunAsync(int.Parse(barePort, CultureInfo.InvariantCulture), bareSecret);
    return 0;
}

if (args is ["--drive", var url, .. var rest])
{
    // Drive an already running service (e.g. to profile it): closed loop at each --concurrency for --duration.
    var driveOptions = LoadTestOptions.Parse(rest);
    using var driver = new LoadDriver(new Uri(url));
    var workload = new Workload(Environment.GetEnvironmentVariable("SENTRY_CLIENT_SECRET") ?? LoadTestRunner.Secret, driveOptions.Issues);
    var report = new Report();
    foreach (var concurrency in driveOptions.Concurrency)
    {
        report.Add(url, await driver.ClosedLoopAsync(workload.Next, concurrency, driveOptions.Duration));
    }

    return 0;
}

var options = LoadTestOptions.Parse(args);
var runner = new LoadTestRunner(options);
return await runner.RunAsync(string.Join(' ', args));
