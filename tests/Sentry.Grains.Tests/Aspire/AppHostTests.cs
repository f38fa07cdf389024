using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Sentry.Grains.Aspire;
using Sentry.Grains.Silo.Database;
using Sentry.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sentry.Grains.Tests.Aspire;

/// <summary>
/// The real AppHost (aspire/Sentry.Grains.AppHost) through Aspire.Hosting.Testing: DCP runs PostgreSQL from
/// the installed binaries and two silo replicas; they apply the schema, form one Orleans cluster on it, take
/// a webhook on one replica and answer it on the other; then everything stops and no process of the run is
/// left. Also checks that what a replica really gets is <see cref="AppHostContract.SiloEnvironment"/>.
/// </summary>
[Collection(PostgresCollection.Name)] // one after another with the other multi-process tests: the machine has 2 cores
public sealed class AppHostTests(ITestOutputHelper output)
{
    private const int Replicas = 2;
    private static readonly TimeSpan Ready = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Postgres_and_two_replicas_form_one_cluster_serve_a_webhook_and_stop_leaving_no_process()
    {
        var clock = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var secrets = new AppHostSecrets(
            "apphost-test-client", ServiceHost.Secret, Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("apphost-test-key"u8)), ServiceHost.ApiKey);
        var run = await AppHostRun.StartAsync(Replicas, secrets, cancel.Token);
        string[] markers = run.ProcessMarkers;
        IReadOnlyList<SiloReplica> replicas = [];
        try
        {
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: AppHost started (PostgreSQL on {run.PostgresPort}, data in {run.DataDirectory})");
            await run.App.ResourceNotifications.WaitForResourceHealthyAsync(AppHostContract.PostgresResource, cancel.Token);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: PostgreSQL healthy");

            replicas = await run.RunningReplicasAsync(Replicas, cancel.Token);
            foreach (var replica in replicas)
            {
                await Eventually.StatusAsync(replica.Http, AppHostContract.SiloReadyPath, HttpStatusCode.OK, Ready);
            }

            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {Replicas} replicas ready at {string.Join(", ", replicas.Select(r => r.Address))}");
            output.WriteLine($"environment of {replicas[0].ResourceId}:\n  " + string.Join("\n  ", replicas[0].Environment.Select(v => $"{v.Key}={v.Value}")));

            // One cluster on the AppHost's database, the schema applied on start, every silo on the loopback interface.
            var members = await DatabaseSnapshot.ScalarAsync(run.ConnectionString, $"""
                SELECT string_agg(address || ':' || port || ' ' || status, ', ' ORDER BY port)
                FROM orleansmembershiptable WHERE deploymentid = '{AppHostContract.ClusterId}'
                """);
            var expectedMembers = string.Join(", ", replicas.Select(r => r.Port("Orleans__Endpoints__SiloPort")).Order().Select(port => $"127.0.0.1:{port} 3"));
            Assert.Equal(expectedMembers, members); // 3 = Active
            Assert.Equal(
                SchemaMigrations.All.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                await DatabaseSnapshot.ScalarAsync(run.ConnectionString, "SELECT count(*) FROM sentry_grains_schema_version"));

            // A signed webhook into one replica, read back through the other.
            var webhooks = new WebhookClient(replicas[0].Http, secrets.ClientSecret);
            Assert.Equal("applied", await webhooks.SendFixtureAsync("issue.created"));
            using var issue = await replicas[1].Http.GetAsync("/api/issues/1234567890");
            Assert.Equal(HttpStatusCode.OK, issue.StatusCode);
            Assert.Contains("\"shortId\":\"PYTHON-Y\"", await issue.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // Aspire's proxy in front of the replicas is on the port the AppHost was given.
            using var proxy = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{run.SiloHttpPort}") };
            Assert.Equal(HttpStatusCode.OK, (await proxy.GetAsync(AppHostContract.SiloReadyPath)).StatusCode);

            // The Aspire dashboard links the Orleans dashboard (through the proxy), which sees both silos.
            var links = replicas.Select(r => Assert.Single(r.Urls, u => u.EndsWith(AppHostContract.OrleansDashboardPath, StringComparison.Ordinal))).Distinct().ToList();
            Assert.Equal([$"http://127.0.0.1:{run.SiloHttpPort}{AppHostContract.OrleansDashboardPath}"], links);
            await Eventually.ThatAsync(
                async () =>
                {
                    using var counters = await replicas[1].Http.GetAsync(links[0] + "DashboardCounters");
                    return counters.IsSuccessStatusCode ? JsonDocument.Parse(await counters.Content.ReadAsStringAsync()).RootElement.GetProperty("totalActiveHostCount").GetInt32() : -(int)counters.StatusCode;
                },
                hosts => hosts == Replicas,
                "the Orleans dashboard to count both silos",
                Ready);

            // What a replica really gets is the contract (the ports are the ones Aspire chose for it).
            foreach (var replica in replicas)
            {
                var expected = AppHostContract.SiloEnvironment(
                    run.ConnectionString,
                    replica.Address.Port,
                    replica.Port("Orleans__Endpoints__SiloPort"),
                    replica.Port("Orleans__Endpoints__GatewayPort"),
                    secrets);
                foreach (var (name, value) in expected)
                {
                    Assert.True(replica.Environment.TryGetValue(name, out var actual), $"{name} is not in the environment of {replica.ResourceId}");
                    Assert.True(value == actual, $"{name}: expected '{value}', the AppHost gave '{actual}'");
                }

                var unexpected = replica.Environment.Keys.Where(name => !expected.ContainsKey(name) && !AppHostContract.PerRunVariables.Contains(name)).ToList();
                Assert.True(unexpected.Count == 0, "not in AppHostContract.SiloEnvironment: " + string.Join(", ", unexpected));
            }

            // The markers find this run's processes, so that "none left" below means something.
            var processes = RunProcesses.Find(markers);
            Assert.Contains(processes, p => p.Contains("postgres -D " + run.DataDirectory, StringComparison.Ordinal));
            Assert.True(processes.Count(p => p.Contains("Sentry.Grains.Silo", StringComparison.Ordinal)) >= Replicas, string.Join("\n", processes));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                replica.Dispose();
            }

            await run.App.StopAsync(CancellationToken.None);
            await run.DisposeAsync();
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: AppHost stopped");
        await Eventually.ThatAsync(
            () => Task.FromResult(string.Join("\n", RunProcesses.Find(markers))),
            processes => processes.Length == 0,
            "every PostgreSQL and silo process of the run to exit",
            TimeSpan.FromMinutes(1));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: no process of the run left");
        run.DeleteDataDirectory();
    }
}
