using System.Net.Http.Headers;
using System.Text.Json;
using Sentry.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sentry.Grains.Tests.Postgres;

/// <summary>
/// The sweep's reminder and its record live in PostgreSQL: a silo runs sweeps and stops; Sentry's state moves while no
/// silo runs; a new silo on the same database sweeps on with the same reminder (not registered again) and the sweep
/// numbers going on from where they were, and heals the issue.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SweepRestartTests(PostgresDatabase<SweepRestartTests> database, ITestOutputHelper output) : IClassFixture<PostgresDatabase<SweepRestartTests>>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_sweep_survives_a_silo_restart_and_heals_what_changed_while_no_silo_ran()
    {
        await using var sentry = await FakeSentry.StartAsync(ServiceHost.ClientId, ServiceHost.Secret);
        string[] settings =
        [
            .. PostgresSettings.AsArguments(database.ConnectionString, "sweep-restart-test", "sentry-grains"),
            $"--Sentry:BaseUrl={sentry.BaseUrl}",
            $"--Api:Keys:0={ServiceHost.ApiKey}",
            "--Reconcile:SweepInterval=00:00:02",
            "--Reconcile:RequestsPerSecond=50",
            "--Reconcile:AfterTroubleDelay=00:30:00",
        ];
        const string id = "7400001";
        string reminderBefore;
        long sweptBefore;

        await using (var first = await StartAsync(settings))
        {
            var uuid = InstallationBodies.NewUuid();
            Assert.Equal("applied", await first.Webhooks.SendOkAsync("installation", InstallationBodies.Created(uuid, InstallationBodies.NewCode())));
            await Eventually.ThatAsync(() => first.Webhooks.GetJsonAsync($"/api/installations/{uuid}"), i => i?.GetProperty("status").GetString() == "installed", "installed");
            var issue = IssueBodies.Issue(id);
            sentry.SetIssue(FakeSentry.DefaultOrganization, issue);
            Assert.Equal("applied", await first.Webhooks.SendOkAsync("issue", IssueBodies.Body("created", uuid, issue)));

            sweptBefore = await Eventually.ThatAsync(() => CompletedSweepOfIssueAsync(first, sentry, id), n => n > 0, "a sweep that read the issue on the first silo", Patience);
            reminderBefore = await ReminderRowAsync();
            Assert.NotEmpty(reminderBefore);
        }

        // No silo runs: Sentry's state moves, and no webhook could be delivered.
        sentry.UpdateIssue(FakeSentry.DefaultOrganization, id, issue => issue["status"] = "ignored");
        var callsWhileDown = sentry.Calls.Count;

        await using var second = await StartAsync(settings);
        var healed = await Eventually.ThatAsync(
            async () => (await second.Webhooks.GetJsonAsync($"/api/issues/{id}"))!.Value,
            issue => issue.GetProperty("issue").GetProperty("status").GetString() == "ignored",
            "the new silo's sweep to apply Sentry's status",
            Patience);
        Assert.Equal("reconciled", healed.GetProperty("lastChangeSource").GetString());

        var status = (await second.Webhooks.GetJsonAsync("/api/reconcile/sweep"))!.Value;
        var numbers = status.GetProperty("recent").EnumerateArray().Select(s => s.GetProperty("number").GetInt64()).ToList();
        output.WriteLine($"sweeps before the restart up to {sweptBefore}; after it: {string.Join(", ", numbers.Where(n => n > sweptBefore).Order())}; reminder row {reminderBefore}");
        Assert.Contains(numbers, n => n > sweptBefore);
        Assert.Contains(numbers, n => n <= sweptBefore);
        Assert.Equal(reminderBefore, await ReminderRowAsync());
        Assert.True(sentry.Calls.Count > callsWhileDown);
    }

    private Task<ServiceHost> StartAsync(string[] settings) => StartWithKeyAsync(settings);

    private static async Task<ServiceHost> StartWithKeyAsync(string[] settings)
    {
        var host = await ServiceHost.StartAsync(settings);
        host.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServiceHost.ApiKey);
        return host;
    }

    /// <summary>The number of the newest completed sweep during which Sentry was asked about issue <paramref name="id"/>, or 0.</summary>
    private static async Task<long> CompletedSweepOfIssueAsync(ServiceHost host, FakeSentry sentry, string id)
    {
        var asked = sentry.Calls.Where(c => c.IssueId == id && c.Endpoint == FakeSentryEndpoint.Issue).Select(c => c.At).ToList();
        var status = (await host.Webhooks.GetJsonAsync("/api/reconcile/sweep"))!.Value;
        return status.GetProperty("recent").EnumerateArray()
            .Where(s => s.GetProperty("completedAt").ValueKind != JsonValueKind.Null)
            .Where(s => asked.Any(at => at >= s.GetProperty("startedAt").GetDateTimeOffset() && at <= s.GetProperty("completedAt").GetDateTimeOffset()))
            .Select(s => s.GetProperty("number").GetInt64())
            .DefaultIfEmpty(0)
            .Max();
    }

    /// <summary>The sweep grain's reminder row: its start time, period and version (a new registration changes them).</summary>
    private Task<string> ReminderRowAsync() => DatabaseSnapshot.ScalarAsync(database.ConnectionString,
        "SELECT starttime || ' ' || period || ' ' || version FROM orleansreminderstable WHERE remindername = 'reconcile-sweep'");
}
