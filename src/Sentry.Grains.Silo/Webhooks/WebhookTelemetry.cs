using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sentry.Grains.Telemetry;

namespace Sentry.Grains.Silo.Webhooks;

/// <summary>
/// The webhook instruments on the <c>Sentry.Grains</c> meter: <c>sentry_grains.webhooks</c> (tagged
/// resource, action, outcome and, for rejections, reason) and <c>sentry_grains.webhook.duration</c>
/// (receipt to answer), and the span each webhook gets.
/// </summary>
public sealed class WebhookTelemetry
{
    public const string Rejected = "rejected";

    private readonly Counter<long> webhooks;
    private readonly Histogram<double> duration;

    public WebhookTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(SentryGrainsMetrics.MeterName);
        webhooks = meter.CreateCounter<long>("sentry_grains.webhooks", "{webhook}", "Webhooks received, by resource, action and outcome (applied, duplicate, stale, ignored, rejected) and rejection reason.");
        duration = meter.CreateHistogram<double>("sentry_grains.webhook.duration", "s", "Time from receiving a webhook to answering it.");
    }

    /// <summary>Starts the webhook's span (null when nobody listens).</summary>
    public static Activity? StartSpan(string? resource, string? requestId)
    {
        var activity = SentryGrainsActivitySource.Instance.StartActivity($"webhook {resource}", ActivityKind.Internal);
        activity?.SetTag("sentry.hook.resource", resource);
        activity?.SetTag("sentry.request_id", requestId);
        return activity;
    }

    /// <summary>Counts one answered webhook and its duration, and tags its span.</summary>
    public void Record(Activity? span, string? resource, string? action, string outcome, string? reason, string? grainKey, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "resource", resource ?? "" },
            { "action", action ?? "" },
            { "outcome", outcome },
        };
        if (reason is not null)
        {
            tags.Add("reason", reason);
        }

        webhooks.Add(1, tags);
        duration.Record(elapsed.TotalSeconds, tags);

        if (span is not null)
        {
            span.SetTag("sentry.hook.action", action);
            span.SetTag("sentry.grains.grain_key", grainKey);
            span.SetTag("sentry.grains.outcome", outcome);
            if (reason is not null)
            {
                span.SetTag("sentry.grains.reject_reason", reason);
                span.SetStatus(ActivityStatusCode.Error, reason);
            }
        }
    }
}
