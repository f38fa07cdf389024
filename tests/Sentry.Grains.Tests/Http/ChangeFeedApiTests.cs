using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Http;

/// <summary>The change feed over HTTP: what a webhook changed, long-poll, kinds, Server-Sent Events resumed with Last-Event-ID, and Seer stalls.</summary>
public sealed class ChangeFeedApiTests(ServiceHostFixture fixture) : IClassFixture<ServiceHostFixture>
{
    private ServiceHost Host => fixture.Host;

    private static byte[] Comment(string issueId, int commentId, string action = "created") =>
        Encoding.UTF8.GetBytes($$$"""{"action":"{{{action}}}","data":{"comment":"note {{{commentId}}}","comment_id":{{{commentId}}},"issue_id":{{{issueId}}}}}""");

    private async Task<string> LatestCursorAsync()
    {
        var page = (await Host.Webhooks.GetJsonAsync("/api/changes?limit=1000"))!.Value;
        var next = page.GetProperty("next").GetString()!;
        while (page.GetProperty("entries").GetArrayLength() == 1000)
        {
            page = (await Host.Webhooks.GetJsonAsync($"/api/changes?limit=1000&after={next}"))!.Value;
            next = page.GetProperty("next").GetString()!;
        }

        return next;
    }

    [Fact]
    public async Task Applied_changes_are_entries_in_order_and_duplicates_stale_and_ignored_are_not()
    {
        var after = await LatestCursorAsync();
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("comment", Comment("12001", 1)));
        Assert.Equal("duplicate", await Host.Webhooks.SendOkAsync("comment", Comment("12001", 1)));
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("comment", Comment("12001", 1, "deleted")));
        Assert.Equal("ignored", await Host.Webhooks.SendOkAsync("comment", Comment("12001", 2, "pinned")));

        var page = (await Host.Webhooks.GetJsonAsync($"/api/changes?after={after}"))!.Value;
        var entries = page.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["comment.created", "comment.deleted"], entries.Select(e => e.GetProperty("kind").GetString()));
        Assert.All(entries, e => Assert.Equal(("issue", "12001"), (e.GetProperty("resource").GetString(), e.GetProperty("key").GetString())));
        Assert.Equal([1L, 2L], entries.Select(e => e.GetProperty("version").GetInt64()));
        Assert.True(entries[1].GetProperty("data").GetProperty("item").GetProperty("deleted").GetBoolean());
        Assert.Equal(0, entries[1].GetProperty("data").GetProperty("row").GetProperty("commentCount").GetInt64());
    }

    [Fact]
    public async Task A_long_poll_returns_as_soon_as_a_change_arrives_and_filters_by_kind()
    {
        var after = await LatestCursorAsync();
        var waiting = Host.Http.GetAsync($"/api/changes?after={after}&kinds=issue&wait=30s");
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);

        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("comment", Comment("12101", 1)));
        var clock = Stopwatch.StartNew();
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("error", Postgres.StateWriteFailureTests.ErrorBody("12101", $"{12101:x32}")));
        using var response = await waiting;
        var entries = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["issue.event"], entries.Select(e => e.GetProperty("kind").GetString()));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), "the long poll returned with the change, not at its timeout");
    }

    [Fact]
    public async Task A_server_sent_events_client_that_reconnects_with_last_event_id_misses_nothing()
    {
        var after = await LatestCursorAsync();
        for (var i = 1; i <= 3; i++)
        {
            await Host.Webhooks.SendOkAsync("comment", Comment("12201", i));
        }

        string lastEventId;
        var received = new List<string>();
        using (var stream = await OpenStreamAsync($"/api/changes/stream?after={after}&kinds=comment", null))
        {
            (var texts, lastEventId) = await ReadEventsAsync(stream, 2);
            received.AddRange(texts);
        }

        // Disconnected after two events; more arrive while it is away.
        for (var i = 4; i <= 6; i++)
        {
            await Host.Webhooks.SendOkAsync("comment", Comment("12201", i));
        }

        using (var stream = await OpenStreamAsync("/api/changes/stream?kinds=comment", lastEventId))
        {
            received.AddRange((await ReadEventsAsync(stream, 4)).Texts);
        }

        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"note {i}"), received);
    }

    [Fact]
    public async Task A_seer_run_quiet_past_the_stall_time_emits_stalled_and_its_next_event_resumed()
    {
        await using var host = await ServiceHost.StartAsync("--Seer:StallAfter=00:00:02");
        byte[] Run(string stage) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Fixtures.Bytes($"seer.{stage}")).Replace("\"run_id\": 12345", "\"run_id\": 12301", StringComparison.Ordinal));

        Assert.Equal("applied", await host.Webhooks.SendOkAsync("seer", Run("root_cause_started")));
        var stalled = await Eventually.ThatAsync(
            () => host.Webhooks.GetJsonAsync("/api/changes?kinds=seer.stalled"),
            page => page!.Value.GetProperty("entries").GetArrayLength() == 1,
            "seer.stalled on the feed",
            TimeSpan.FromSeconds(30));
        Assert.Equal("12301", stalled!.Value.GetProperty("entries")[0].GetProperty("key").GetString());
        Assert.Equal("12301", (await host.Webhooks.GetJsonAsync("/api/seer-runs?stalled=true"))!.Value.GetProperty("items")[0].GetProperty("key").GetString());

        Assert.Equal("applied", await host.Webhooks.SendOkAsync("seer", Run("root_cause_completed")));
        var kinds = (await host.Webhooks.GetJsonAsync("/api/changes?kinds=seer"))!.Value.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString());
        Assert.Equal(["seer.stage", "seer.stalled", "seer.resumed", "seer.stage"], kinds);
        Assert.Equal(0, (await host.Webhooks.GetJsonAsync("/api/seer-runs?stalled=true"))!.Value.GetProperty("items").GetArrayLength());
    }

    private async Task<Stream> OpenStreamAsync(string path, string? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await Host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStreamAsync();
    }

    /// <summary>Reads <paramref name="count"/> events (skipping keep-alive comments): each one's comment text, and the last event's id.</summary>
    private static async Task<(List<string> Texts, string LastEventId)> ReadEventsAsync(Stream stream, int count)
    {
        using var reader = new StreamReader(stream, leaveOpen: true);
        var texts = new List<string>();
        var id = "";
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (texts.Count < count)
        {
            var line = await reader.ReadLineAsync(cancel.Token) ?? throw new EndOfStreamException();
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                texts.Add(JsonDocument.Parse(line[6..]).RootElement.GetProperty("data").GetProperty("item").GetProperty("text").GetString()!);
            }
        }

        return (texts, id);
    }
}
