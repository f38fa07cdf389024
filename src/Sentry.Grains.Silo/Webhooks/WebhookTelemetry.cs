using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sentry.Grains.Telemetry;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Silo.Webhooks;

/// <summary>
/// The webhook instruments on the <c>Sentry.Grains</c> meter: <c>sentry_grains.webhooks</c> (tagged
/// resource, action, outcome and, for rejections, reason) and <c>sentry_grains.webhook.duration</c>
/// (receipt to answer), and the span each webhook gets.
/// </summary>
public sealed class WebhookTelemetry
{
    public const string Rejected = "rejected";
    private const string Unknown = "unknown";

    private readonly Counter<long> webhooks;
    private readonly Histogram<double> duration;
    private readonly Counter<long> untrustedTimestamps;

    public WebhookTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(SentryGrainsMetrics.MeterName);
        webhooks = meter.CreateCounter<long>("sentry_grains.webhooks", "{webhook}", "Webhooks received, by resource, action and outcome (applied, duplicate, stale, ignored, rejected) and rejection reason.");
        duration = meter.CreateHistogram<double>("sentry_grains.webhook.duration", "s", "Time from receiving a webhook to answering it.");
        untrustedTimestamps = meter.CreateCounter<long>(
            "sentry_grains.webhooks.untrusted_timestamps", "{webhook}", "Webhooks whose Sentry-Hook-Timestamp lay beyond Webhooks:MaxClockSkew of their receipt and were ordered by the time of receipt, by resource.");
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
    public void Record(Activity? span, string resourceHeader, WebhookHandled handled, TimeSpan elapsed)
    {
        var resource = handled.Webhook?.Resource ?? WebhookResources.Find(resourceHeader);
        var action = ActionTag(resource, handled.Webhook?.Action);
        var tags = new TagList
        {
            { "resource", resource?.Name ?? (resourceHeader.Length == 0 ? "" : Unknown) },
            { "action", action },
            { "outcome", handled.Outcome },
        };
        if (handled.Reason is not null)
        {
            tags.Add("reason", handled.Reason);
        }

        webhooks.Add(1, tags);
        duration.Record(elapsed.TotalSeconds, tags);

        if (span is not null)
        {
            span.SetTag("sentry.hook.action", handled.Webhook?.Action);
            span.SetTag("sentry.grains.grain_key", handled.Webhook?.GrainKey);
            span.SetTag("sentry.grains.outcome", handled.Outcome);
            if (handled.Reason is not null)
            {
                span.SetTag("sentry.grains.reject_reason", handled.Reason);
                span.SetStatus(ActivityStatusCode.Error, handled.Reason);
            }
        }
    }

    /// <summary>A webhook whose Sentry-Hook-Timestamp lay beyond Webhooks:MaxClockSkew of its receipt.</summary>
    public void UntrustedTimestamp(WebhookResource? resource) =>
        untrustedTimestamps.Add(1, new KeyValuePair<string, object?>("resource", resource?.Name ?? Unknown));

    /// <summary>
    /// Metric tags come from the resource table, never from a header or body as sent, so an attacker cannot create new
    /// series: a documented action keeps its name, anything else is <c>other</c> (unknown resource: <c>unknown</c>).
    /// </summary>
    private static string ActionTag(WebhookResource? resource, string? action) =>
        action is null ? ""
        : resource is null ? Unknown
        : resource.Actions.Contains(action, StringComparer.Ordinal) ? action
        : "other";
}
