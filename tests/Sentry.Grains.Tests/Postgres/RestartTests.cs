using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Postgres;

/// <summary>
/// A silo on PostgreSQL takes a webhook for every resource and stops; a new silo on the same database
/// answers every query as before and knows every delivery it already applied.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RestartTests(PostgresDatabase<RestartTests> database) : IClassFixture<PostgresDatabase<RestartTests>>
{
    /// <summary>Every resource's query, with the fixture ids.</summary>
    private static readonly string[] Queries =
    [
        "/api/issues/1234567890",        // issue.created, .resolved, ...
        "/api/issues/1170820242",        // issue.assigned, .ignored, ...
        "/api/issues/100",               // comment.*
        "/api/issues/1117540176",        // event_alert.triggered, error.created
        "/api/issues/43",                // activity_alert
        "/api/installations/a8e5d37a-696c-4c54-adb5-b3f28d64c7de",
        "/api/seer-runs/12345",
        "/api/metric-alerts/4",
    ];

    [Fact]
    public async Task A_new_silo_on_the_same_database_answers_as_before_and_knows_what_it_applied()
    {
        await using var sentry = await FakeSentry.StartAsync(ServiceHost.ClientId, ServiceHost.Secret);
        string[] settings =
        [
            .. PostgresSettings.AsArguments(database.ConnectionString, "restart-test", "sentry-grains"),
            $"--Sentry:BaseUrl={sentry.BaseUrl}",
            $"--Seer:StallAfter={StallAfter:c}",
            $"--Sentry:TokenRefreshSkew={RefreshSkew:c}",
        ];
        var applied = new List<string>();
        var before = new Dictionary<string, string>();

        await using (var first = await ServiceHost.StartAsync(settings))
        {
            foreach (var fixture in Fixtures.Names)
            {
                if (await first.Webhooks.SendFixtureAsync(fixture) == "applied")
                {
                    applied.Add(fixture);
                }
            }

            await ArmPendingWorkAsync(first, sentry);
            foreach (var query in Queries)
            {
                before[query] = (await first.Webhooks.GetJsonAsync(query))?.GetRawText() ?? throw new Xunit.Sdk.XunitException($"{query} is 404 before the restart.");
            }

        }

        Assert.True(
            sentry.CallsTo(FakeSentryEndpoint.Refresh, PendingInstallation).Count == 0,
            "the token refresh ran before the restart: the machine was too slow for this test's timing");

        Assert.Contains("issue.created", applied);
        Assert.Contains("installation.created", applied);
        Assert.Contains("seer.root_cause_started", applied);
        Assert.Contains("metric_alert.critical", applied);

        await using var second = await ServiceHost.StartAsync(settings);
        foreach (var query in Queries)
        {
            Assert.Equal(before[query], (await second.Webhooks.GetJsonAsync(query))?.GetRawText());
        }

        foreach (var fixture in applied)
        {
            // Sentry's retry: the same body, a new Request-ID, a later timestamp.
            Assert.Equal("duplicate", await second.Webhooks.SendFixtureAsync(fixture, second.Webhooks.NextTimestamp() + 300));
        }

        await AssertPendingWorkDoneAsync(second, sentry);
    }

    private const string PendingRun = "777001";
    private static readonly string PendingInstallation = "5e0c1b7e-0000-4000-8000-00000000d0e5";
    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RefreshSkew = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Before the restart: a Seer run left in <c>root_cause_started</c>, and an installation whose token
    /// (45 s life, refreshed 10 s before expiry) is due for refresh about 35 s after it was installed.
    /// </summary>
    private static async Task ArmPendingWorkAsync(ServiceHost host, FakeSentry sentry)
    {
        var started = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(Fixtures.Bytes("seer.root_cause_started"))
            .Replace("\"run_id\": 12345", $"\"run_id\": {PendingRun}", StringComparison.Ordinal));
        Assert.Equal("applied", await host.Webhooks.SendOkAsync("seer", started));

        sentry.SetLifetimes(PendingInstallation, exchanged: TimeSpan.FromSeconds(45), refreshed: TimeSpan.FromHours(8));
        Assert.Equal("applied", await host.Webhooks.SendOkAsync("installation", InstallationBodies.Created(PendingInstallation, InstallationBodies.NewCode())));
        await Eventually.ThatAsync(
            () => host.Webhooks.GetJsonAsync($"/api/installations/{PendingInstallation}"),
            installation => installation?.GetProperty("status").GetString() == "installed",
            "the pending installation to be installed before the restart");
    }

    /// <summary>
    /// After the restart, without touching either grain first: the installation's durable reminder (on
    /// PostgreSQL) wakes it and refreshes its token once, and the run reads stalled once its stall time
    /// has passed (stall is computed from the stored time of its last event).
    /// </summary>
    private static async Task AssertPendingWorkDoneAsync(ServiceHost host, FakeSentry sentry)
    {
        await Eventually.UntilAsync(
            () => sentry.CallsTo(FakeSentryEndpoint.Refresh, PendingInstallation).Count > 0,
            "the installation's reminder to refresh its token on the new silo",
            TimeSpan.FromSeconds(120));
        Assert.Equal(201, Assert.Single(sentry.CallsTo(FakeSentryEndpoint.Refresh, PendingInstallation)).Status);
        var installation = (await host.Webhooks.GetJsonAsync($"/api/installations/{PendingInstallation}"))!.Value;
        Assert.Equal("installed", installation.GetProperty("status").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, installation.GetProperty("lastRefreshedAt").ValueKind);

        var run = (await host.Webhooks.GetJsonAsync($"/api/seer-runs/{PendingRun}"))!.Value;
        Assert.Equal("root_cause_started", run.GetProperty("stage").GetString());
        Assert.True(run.GetProperty("stalled").GetBoolean());
    }
}
