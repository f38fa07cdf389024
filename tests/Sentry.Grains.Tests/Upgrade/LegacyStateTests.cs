using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Sentry.Grains.Installations;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Upgrade;

/// <summary>
/// Rows the previous version wrote (layout 1: <c>Fixtures/Legacy/v1-storage.sql</c>, made by the build of 2b4ebb7 with
/// <c>make-v1.sh</c>, with what its API answered in <c>v1-expected/</c>) load in this version: every query answers what
/// it answered then, encrypted tokens still decrypt, bodies it applied are still duplicates, a grain frozen by a
/// far-future timestamp heals, and a grain's next write stores layout 2.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LegacyStateTests(PostgresDatabase<LegacyStateTests> database) : IClassFixture<PostgresDatabase<LegacyStateTests>>
{
    private const string ServiceId = "legacy-fixture";
    private const string TokenKey = "bGVnYWN5LWZpeHR1cmUtdG9rZW4ta2V5LTAxMjM0NTY=";
    private const string Installed = "a8e5d37a-696c-4c54-adb5-b3f28d64c7de";

    private static string LegacyFolder => Path.Combine(Fixtures.RepositoryRoot, "tests", "Sentry.Grains.Tests", "Fixtures", "Legacy");

    public static TheoryData<string, string> Queries => new()
    {
        { "issues/1234567890", "issue-1234567890" },
        { "issues/1170820242", "issue-1170820242" },
        { "issues/100", "issue-100" },
        { "issues/1117540176", "issue-1117540176" },
        { "issues/43", "issue-43" },
        { "issues/4242424242", "issue-4242424242" },
        { "issues/1170820242/seer-runs", "issue-1170820242-seer-runs" },
        { "seer-runs/12345", "seer-run-12345" },
        { "metric-alerts/4", "metric-alert-4" },
        { "installations/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "installation-0f1e2d3c" },
    };

    [Fact]
    public async Task State_written_by_the_previous_version_loads_and_answers_as_it_did()
    {
        await LoadLegacyRowsAsync();
        await using var host = await StartAsync();

        foreach (var (path, expectedFile) in Queries.Select(row => ((string)row[0], (string)row[1])))
        {
            var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(LegacyFolder, "v1-expected", expectedFile + ".json"))).RootElement;
            var actual = (await host.Webhooks.GetJsonAsync($"/api/{path}")) ?? throw new Xunit.Sdk.XunitException($"/api/{path} is 404");
            AssertContains(expected, actual, $"/api/{path}");
        }

        // The installation list (now from the read model) still lists the installations the previous version kept.
        var listed = await Eventually.ThatAsync(
            () => host.Webhooks.GetJsonAsync("/api/installations"),
            list => list!.Value.GetProperty("items").GetArrayLength() == 2,
            "both legacy installations listed");
        var expectedList = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(LegacyFolder, "v1-expected", "installations.json"))).RootElement;
        Assert.Equal(
            expectedList.EnumerateArray().Select(i => (i.GetProperty("uuid").GetString(), i.GetProperty("status").GetString(), i.GetProperty("organizationSlug").GetString())),
            listed!.Value.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("key").GetString(), i.GetProperty("status").GetString(), i.GetProperty("organizationSlug").GetString())));

        // The installed installation: its lifecycle as it was (its token may have expired since, so its schedule moves).
        var installation = (await host.Webhooks.GetJsonAsync($"/api/installations/{Installed}"))!.Value;
        var expectedInstallation = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(LegacyFolder, "v1-expected", "installation-a8e5d37a.json"))).RootElement;
        foreach (var field in new[] { "uuid", "status", "organizationSlug", "appUuid", "appSlug", "createdAt", "installedAt", "attempts", "tokenExpiresAt", "scopes" })
        {
            AssertContains(expectedInstallation.GetProperty(field), installation.GetProperty(field), field);
        }
    }

    [Fact]
    public async Task Its_encrypted_tokens_decrypt_and_its_applied_bodies_stay_duplicates_and_a_poisoned_issue_heals()
    {
        await LoadLegacyRowsAsync();
        await using var host = await StartAsync();

        // The access token the previous version stored encrypted, read through this version's storage and key.
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var stored = new GrainState<InstallationState>(new InstallationState());
        await storage.ReadStateAsync(InstallationGrain.StateName, host.Grains.GetGrain<IInstallationGrain>(Installed).GetGrainId(), stored);
        var expectedToken = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(LegacyFolder, "v1-expected", "installation-a8e5d37a-token.json"))).RootElement.GetProperty("token").GetString();
        Assert.Equal(expectedToken, host.Services.GetRequiredService<TokenProtector>().Unprotect(stored.State!.AccessToken!, Installed, "access"));
        Assert.Equal(InstallationStatus.Installed, stored.State.Status);

        // Sentry's retry of a body the previous version applied (new Request-ID and timestamp) is still a duplicate.
        Assert.Equal("duplicate", await host.Webhooks.SendOkAsync("issue", Fixtures.Bytes("issue.assigned")));
        Assert.Equal("resolved", (await host.Webhooks.GetJsonAsync("/api/issues/1170820242"))!.Value.GetProperty("issue").GetProperty("status").GetString());

        // Issue 4242424242 was applied with Sentry-Hook-Timestamp 2100-01-01 and froze under the old rules; a genuine webhook applies now.
        var resolved = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Fixtures.Bytes("issue.created"))
            .Replace("\"id\": \"1234567890\"", "\"id\": \"4242424242\"", StringComparison.Ordinal)
            .Replace("\"action\": \"created\"", "\"action\": \"resolved\"", StringComparison.Ordinal)
            .Replace("\"status\": \"unresolved\"", "\"status\": \"resolved\"", StringComparison.Ordinal));
        Assert.Equal("applied", await host.Webhooks.SendOkAsync("issue", resolved));
        Assert.Equal("resolved", (await host.Webhooks.GetJsonAsync("/api/issues/4242424242"))!.Value.GetProperty("issue").GetProperty("status").GetString());

        // The write stored layout 2 (the mark a previous-version silo cannot read), while untouched grains keep layout 1.
        Assert.Equal("a5534702", await DatabaseSnapshot.ScalarAsync(database.ConnectionString,
            $"SELECT encode(substring(payloadbinary from 1 for 4), 'hex') FROM orleansstorage WHERE {DatabaseSnapshot.StateRow("issue", "4242424242")}"));
        Assert.NotEqual("a5534702", await DatabaseSnapshot.ScalarAsync(database.ConnectionString,
            $"SELECT encode(substring(payloadbinary from 1 for 4), 'hex') FROM orleansstorage WHERE {DatabaseSnapshot.StateRow("issue", "1234567890")}"));
    }

    /// <summary>The dumped rows into this class's empty database (pg_dump's psql meta-commands left out).</summary>
    private async Task LoadLegacyRowsAsync()
    {
        await DatabaseSnapshot.ExecuteAsync(database.ConnectionString, "DELETE FROM orleansstorage; DELETE FROM orleansreminderstable;");
        var sql = string.Join('\n', (await File.ReadAllLinesAsync(Path.Combine(LegacyFolder, "v1-storage.sql"))).Where(line => !line.StartsWith('\\')));
        await DatabaseSnapshot.ExecuteAsync(database.ConnectionString, sql);
    }

    private Task<ServiceHost> StartAsync() => ServiceHost.StartAsync(
    [
        .. PostgresSettings.AsArguments(database.ConnectionString, "legacy-test", ServiceId),
        $"--Sentry:TokenEncryptionKey={TokenKey}",
    ]);

    /// <summary>Every member <paramref name="expected"/> has, <paramref name="actual"/> has with the same value (new members are allowed).</summary>
    private static void AssertContains(JsonElement expected, JsonElement actual, string path)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.True(actual.ValueKind == JsonValueKind.Object, $"{path}: expected an object, got {actual.GetRawText()}");
                foreach (var member in expected.EnumerateObject())
                {
                    Assert.True(actual.TryGetProperty(member.Name, out var value), $"{path}.{member.Name} is missing");
                    AssertContains(member.Value, value, $"{path}.{member.Name}");
                }

                break;
            case JsonValueKind.Array:
                Assert.True(actual.ValueKind == JsonValueKind.Array && actual.GetArrayLength() == expected.GetArrayLength(), $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
                foreach (var (item, index) in expected.EnumerateArray().Select((item, index) => (item, index)))
                {
                    AssertContains(item, actual[index], $"{path}[{index}]");
                }

                break;
            case JsonValueKind.String when DateTimeOffset.TryParse(expected.GetString(), out var expectedTime) && expected.GetString()!.Contains('T', StringComparison.Ordinal):
                Assert.True(DateTimeOffset.TryParse(actual.GetString(), out var actualTime) && actualTime == expectedTime, $"{path}: expected {expected}, got {actual}");
                break;
            default:
                Assert.True(JsonElement.DeepEquals(expected, actual), $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
                break;
        }
    }
}
