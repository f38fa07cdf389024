using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.ReadModel;

/// <summary>
/// A change is committed with its outbox entry in one write and published after; when publishing fails the webhook
/// answers 503 (Sentry retries), the entry stays in the outbox, and it reaches the feed exactly once — with the
/// redelivery, or with the grain's own retry — while the redelivery itself is a duplicate.
/// </summary>
public sealed class OutboxTests
{
    [Fact]
    public async Task A_failed_publish_answers_503_and_the_change_reaches_the_feed_once_after_all()
    {
        var store = new FlakyReadModelStore(new InMemoryReadModelStore());
        await using var host = await ServiceHost.StartAsync(builder => builder.Services.AddSingleton<IReadModelStore>(store));
        var body = Encoding.UTF8.GetBytes("""{"action":"created","data":{"comment":"kept","comment_id":1,"issue_id":13001}}""");

        store.FailNext = true;
        using (var failed = await host.Webhooks.SendAsync("comment", body))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        // Committed all the same: the grain has the comment, the feed not yet (or only through the grain's retry).
        Assert.Equal("kept", (await host.Webhooks.GetJsonAsync("/api/issues/13001"))!.Value.GetProperty("comments")[0].GetProperty("text").GetString());

        Assert.Equal("duplicate", await host.Webhooks.SendOkAsync("comment", body));
        var entries = (await host.Webhooks.GetJsonAsync("/api/changes?kinds=comment"))!.Value.GetProperty("entries");
        Assert.Equal(1, entries.GetArrayLength());
        Assert.Equal("13001", entries[0].GetProperty("key").GetString());
        Assert.Equal(1, (await host.Webhooks.GetJsonAsync("/api/issues?limit=10"))!.Value.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("key").GetString() == "13001"));
    }
}
