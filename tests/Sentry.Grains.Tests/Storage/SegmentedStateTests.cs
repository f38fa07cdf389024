using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Sentry.Grains.Storage;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Storage;

/// <summary>
/// A commit seals full logs into segment rows and then writes the head, the commit point where a change and its
/// delivery record land together. A failure between the two (here: the head write refused right after a seal) leaves a
/// segment row the head does not count; the webhook answers 503, Sentry's redelivery applies it once, and the stray
/// row is written over.
/// </summary>
public sealed class SegmentedStateTests
{
    [Fact]
    public async Task A_failure_between_the_seal_and_the_head_write_is_repaired_by_the_redelivery()
    {
        FaultyGrainStorage? faulty = null;
        await using var host = await ServiceHost.StartAsync(builder => builder.Services.AddKeyedSingleton<IGrainStorage>("Default", (provider, _) =>
            faulty = new FaultyGrainStorage(new InProcessGrainStorage(provider.GetRequiredService<IGrainStorageSerializer>()))));
        const string IssueId = "6301";
        byte[] Comment(int id) => Encoding.UTF8.GetBytes($$$"""{"action":"created","data":{"comment":"comment {{{id}}}","comment_id":{{{id}}},"issue_id":{{{IssueId}}}}}""");

        for (var id = 1; id <= 7; id++)
        {
            Assert.Equal("applied", await host.Webhooks.SendOkAsync("comment", Comment(id)));
        }

        // The 8th comment fills the open part (4 comments): its commit writes segment 1, then the head write fails.
        faulty!.FailNextWriteOf("issue");
        using (var failed = await host.Webhooks.SendAsync("comment", Comment(8)))
        {
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        Assert.Contains("issue.comments.1", faulty.Written);
        Assert.Equal(7, (await host.Webhooks.GetJsonAsync($"/api/issues/{IssueId}"))!.Value.GetProperty("comments").GetArrayLength());

        Assert.Equal("applied", await host.Webhooks.SendOkAsync("comment", Comment(8)));
        Assert.Equal("duplicate", await host.Webhooks.SendOkAsync("comment", Comment(8)));
        for (var id = 9; id <= 12; id++)
        {
            Assert.Equal("applied", await host.Webhooks.SendOkAsync("comment", Comment(id)));
        }

        await host.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var comments = (await host.Webhooks.GetJsonAsync($"/api/issues/{IssueId}"))!.Value.GetProperty("comments");
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"comment {i}"), comments.EnumerateArray().Select(c => c.GetProperty("text").GetString()));
    }
}
