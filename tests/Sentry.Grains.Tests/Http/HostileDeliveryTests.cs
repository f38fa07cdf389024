using System.Text;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Http;

/// <summary>An attacker holding one captured webhook (or a middlebox) can neither freeze an issue nor roll it back.</summary>
public sealed class HostileDeliveryTests(ServiceHostFixture fixture) : IClassFixture<ServiceHostFixture>
{
    private ServiceHost Host => fixture.Host;

    private static byte[] IssueBody(string id, string action, string status) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Fixtures.Bytes("issue.created"))
        .Replace("\"id\": \"1234567890\"", $"\"id\": \"{id}\"", StringComparison.Ordinal)
        .Replace("\"action\": \"created\"", $"\"action\": \"{action}\"", StringComparison.Ordinal)
        .Replace("\"status\": \"unresolved\"", $"\"status\": \"{status}\"", StringComparison.Ordinal));

    private async Task<string?> StatusAsync(string id) =>
        (await Host.Webhooks.GetJsonAsync($"/api/issues/{id}"))!.Value.GetProperty("issue").GetProperty("status").GetString();

    [Fact]
    public async Task A_far_future_timestamp_is_ordered_by_receipt_and_cannot_freeze_the_issue()
    {
        using var metrics = new MetricsCollector(Host.Services);
        const string Id = "7101";
        const long Year9999 = 253402300799;

        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", IssueBody(Id, "created", "unresolved"), timestamp: Year9999));
        Assert.Equal(1, metrics.Of("sentry_grains.webhooks.untrusted_timestamps").Sum(m => m.Value));

        // Sentry's genuine webhooks keep applying (before, every one of them was stale from then on).
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", IssueBody(Id, "resolved", "resolved"), timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        Assert.Equal("resolved", await StatusAsync(Id));
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", IssueBody(Id, "unresolved", "unresolved"), timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        Assert.Equal("unresolved", await StatusAsync(Id));
    }

    [Fact]
    public async Task An_old_body_replayed_after_hundreds_of_later_webhooks_is_a_duplicate_and_changes_nothing()
    {
        const string Id = "7201";
        var created = IssueBody(Id, "created", "unresolved");
        var t = Host.Webhooks.NextTimestamp();
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", created, timestamp: t));
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", IssueBody(Id, "resolved", "resolved"), timestamp: t + 1));
        for (var i = 1; i <= 300; i++)
        {
            var comment = Encoding.UTF8.GetBytes($$$"""{"action":"created","data":{"comment":"n{{{i}}}","comment_id":{{{i}}},"issue_id":{{{Id}}}}}""");
            Assert.Equal("applied", await Host.Webhooks.SendOkAsync("comment", comment, timestamp: t + 1 + i));
        }

        // The captured 'created' body, replayed with a fresh Request-ID and the current time, as an attacker would.
        Assert.Equal("duplicate", await Host.Webhooks.SendOkAsync("issue", created, timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        Assert.Equal("resolved", await StatusAsync(Id));
    }
}
