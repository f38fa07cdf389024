using System.Globalization;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Postgres;

/// <summary>An applied webhook writes what it changed: the head row of a grain stays small however much history it holds.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BoundedStateTests(PostgresDatabase<BoundedStateTests> database) : IClassFixture<PostgresDatabase<BoundedStateTests>>
{
    [Fact]
    public async Task An_issue_receiving_ever_more_events_keeps_a_small_head_and_seals_its_history_into_segments()
    {
        const string IssueId = "6201";
        await using var host = await ServiceHost.StartAsync(
        [
            .. PostgresSettings.AsArguments(database.ConnectionString, "bounded-test", "sentry-grains"),
            "--Retention:RecentEvents=5",
        ]);

        var sizes = new List<int>();
        for (var batch = 0; batch < 3; batch++)
        {
            for (var i = 0; i < 40; i++)
            {
                var eventId = $"{(batch * 1000) + i:x32}";
                Assert.Equal("applied", await host.Webhooks.SendOkAsync("error", StateWriteFailureTests.ErrorBody(IssueId, eventId)));
            }

            sizes.Add(int.Parse(
                await DatabaseSnapshot.ScalarAsync(database.ConnectionString, $"SELECT octet_length(payloadbinary) FROM orleansstorage WHERE {DatabaseSnapshot.StateRow("issue", IssueId)}"),
                CultureInfo.InvariantCulture));
        }

        var segments = int.Parse(
            await DatabaseSnapshot.ScalarAsync(database.ConnectionString, "SELECT count(*) FROM orleansstorage WHERE graintypestring LIKE 'issue.events.%' OR graintypestring LIKE 'issue.deliveries.%'"),
            CultureInfo.InvariantCulture);
        var issue = (await host.Webhooks.GetJsonAsync($"/api/issues/{IssueId}"))!.Value;
        Assert.Equal(120, issue.GetProperty("eventCount").GetInt64());
        Assert.Equal(5, issue.GetProperty("recentEvents").GetArrayLength());
        Assert.True(sizes.Max() < 2048 && sizes.Max() - sizes.Min() < 512, $"head row after 40, 80, 120 events: {string.Join(", ", sizes)} bytes");
        Assert.Equal((120 / 8) + (120 / 16), segments);
    }
}
