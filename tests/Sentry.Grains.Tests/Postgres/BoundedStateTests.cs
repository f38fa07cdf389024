using System.Globalization;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Postgres;

/// <summary>The Retention caps keep a grain's stored state, and so the cost of each write, from growing without end.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BoundedStateTests(PostgresDatabase<BoundedStateTests> database) : IClassFixture<PostgresDatabase<BoundedStateTests>>
{
    [Fact]
    public async Task An_issue_receiving_ever_more_events_stops_growing_in_storage_once_the_caps_are_reached()
    {
        await using var host = await ServiceHost.StartAsync(
        [
            .. PostgresSettings.AsArguments(database.ConnectionString, "bounded-test", "sentry-grains"),
            "--Retention:Deliveries=16",
            "--Retention:EventIds=16",
            "--Retention:RecentEvents=5",
        ]);

        var sizes = new List<int>();
        for (var batch = 0; batch < 3; batch++)
        {
            for (var i = 0; i < 40; i++)
            {
                var eventId = $"bounded-event-{batch:00}-{i:0000}";
                Assert.Equal("applied", await host.Webhooks.SendOkAsync("error", StateWriteFailureTests.ErrorBody("bounded-1", eventId)));
            }

            sizes.Add(int.Parse(
                await DatabaseSnapshot.ScalarAsync(database.ConnectionString, "SELECT octet_length(payloadbinary) FROM orleansstorage WHERE grainidextensionstring = 'bounded-1'"),
                CultureInfo.InvariantCulture));
        }

        var issue = (await host.Webhooks.GetJsonAsync("/api/issues/bounded-1"))!.Value;
        Assert.Equal(120, issue.GetProperty("eventCount").GetInt64());
        Assert.Equal(5, issue.GetProperty("recentEvents").GetArrayLength());
        Assert.True(sizes[2] <= sizes[1] + 16 && sizes[1] <= sizes[0] + 16, $"stored state after 40, 80, 120 events: {string.Join(", ", sizes)} bytes");
    }
}
