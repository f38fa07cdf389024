using System.Globalization;
using Sentry.Grains.Tests.Infrastructure;

// A fake Sentry for trying the OAuth flow locally (README, "Try the OAuth flow"):
//   dotnet run --project tests/Sentry.Grains.FakeSentry [-- --port 5090 --client-id ID --client-secret SECRET]
// Defaults match appsettings.Development.json of the service. Prints every call; Ctrl+C (or SIGTERM) stops it.
var port = 5090;
var clientId = FakeSentry.DevelopmentClientId;
var clientSecret = FakeSentry.DevelopmentClientSecret;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port": port = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--client-id": clientId = args[i + 1]; break;
        case "--client-secret": clientSecret = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

await using var sentry = await FakeSentry.StartAsync(clientId, clientSecret, port: port, log: line => Console.WriteLine($"{DateTimeOffset.Now:HH:mm:ss.fff} {line}"));
Console.WriteLine($"Fake Sentry listening on {sentry.BaseUrl} (client id '{clientId}'). Ctrl+C to stop.");
Console.WriteLine($"Point the service at it: --Sentry:BaseUrl={sentry.BaseUrl}");
try
{
    await Task.Delay(Timeout.Infinite, sentry.Stopping);
}
catch (OperationCanceledException)
{
}

return 0;
