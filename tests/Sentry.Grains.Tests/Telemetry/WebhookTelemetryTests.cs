using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Sentry.Grains.Silo.Webhooks;
using Sentry.Grains.Telemetry;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Telemetry;

/// <summary>The webhook counter, duration histogram and span, observed in-process on the real host.</summary>
public sealed class WebhookTelemetryTests(ServiceHostFixture fixture) : IClassFixture<ServiceHostFixture>
{
    [Fact]
    public async Task Applied_duplicate_and_bad_signature_are_counted_with_their_tags_and_spanned()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SentryGrainsActivitySource.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var metrics = new MetricsCollector(fixture.Host.Services);

        var body = Encoding.UTF8.GetBytes("""{"action":"created","data":{"issue":{"id":"9100","status":"unresolved"}}}""");
        const string AppliedId = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01";
        Assert.Equal("applied", await fixture.Host.Webhooks.SendOkAsync("issue", body, requestId: AppliedId));
        Assert.Equal("duplicate", await fixture.Host.Webhooks.SendOkAsync("issue", body));
        using (await fixture.Host.Webhooks.SendAsync("issue", body, signature: WebhookSignature.Sign(body, "wrong")))
        {
        }

        var counted = metrics.Of("sentry_grains.webhooks")
            .Select(m => (m.Value, m.Tags["resource"], m.Tags["action"], m.Tags["outcome"], m.Tags.GetValueOrDefault("reason")))
            .Order()
            .ToList();
        Assert.Equal(
            [(1d, "issue", "", "rejected", "signature"), (1d, "issue", "created", "applied", null), (1d, "issue", "created", "duplicate", null)],
            counted);
        Assert.Equal(3, metrics.Of("sentry_grains.webhook.duration").Count());
        Assert.All(metrics.Of("sentry_grains.webhook.duration"), m => Assert.InRange(m.Value, 0, 30));

        var span = Assert.Single(spans, s => (string?)s.GetTagItem("sentry.request_id") == AppliedId);
        Assert.Equal("webhook issue", span.DisplayName);
        Assert.Equal("issue", span.GetTagItem("sentry.hook.resource"));
        Assert.Equal("created", span.GetTagItem("sentry.hook.action"));
        Assert.Equal("9100", span.GetTagItem("sentry.grains.grain_key"));
        Assert.Equal("applied", span.GetTagItem("sentry.grains.outcome"));
    }
}
