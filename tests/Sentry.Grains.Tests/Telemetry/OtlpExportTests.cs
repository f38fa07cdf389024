using System.Text;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Telemetry;

/// <summary>With OTEL_EXPORTER_OTLP_ENDPOINT set, a local OTLP receiver gets the webhook metrics, spans and logs.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Webhook_metrics_and_spans_reach_an_otlp_receiver()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var host = await ServiceHost.StartAsync(
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={receiver.Endpoint}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_METRIC_EXPORT_INTERVAL=500",
            "--OTEL_BSP_SCHEDULE_DELAY=200",
            "--OTEL_BLRP_SCHEDULE_DELAY=200",
            "--Logging:LogLevel:Sentry.Grains=Debug"); // the per-webhook log is Debug; its scope carries the Request-ID

        const string RequestId = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb02";
        var body = Encoding.UTF8.GetBytes("""{"action":"created","data":{"issue":{"id":"9200","status":"unresolved"}}}""");
        Assert.Equal("applied", await host.Webhooks.SendOkAsync("issue", body, requestId: RequestId));

        await Eventually.UntilAsync(
            () => receiver.Received("/v1/metrics", "sentry_grains.webhooks")
                && receiver.Received("/v1/metrics", "sentry_grains.webhook.duration")
                && receiver.Received("/v1/traces", RequestId)
                && receiver.Received("/v1/logs", RequestId),
            "the webhook's metrics, span and log at the OTLP receiver",
            TimeSpan.FromSeconds(30));
    }
}
