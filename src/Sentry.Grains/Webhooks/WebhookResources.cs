using System.Collections.Frozen;

namespace Sentry.Grains.Webhooks;

/// <summary>The <c>Sentry-Hook-Resource</c> values and the actions this service understands.</summary>
public static class WebhookResources
{
    public const string Installation = "installation";
    public const string Issue = "issue";
    public const string Comment = "comment";
    public const string EventAlert = "event_alert";
    public const string Error = "error";
    public const string MetricAlert = "metric_alert";
    public const string Seer = "seer";
    public const string ActivityAlert = "activity_alert";

    /// <summary>Known actions per resource. Seer accepts any action (unknown ones are kept in the run's history).</summary>
    public static readonly FrozenDictionary<string, FrozenSet<string>> Actions = new Dictionary<string, FrozenSet<string>>
    {
        [Installation] = FrozenSet.Create("created", "deleted"),
        [Issue] = FrozenSet.Create("created", "resolved", "assigned", "ignored", "archived", "unresolved"),
        [Comment] = FrozenSet.Create("created", "updated", "deleted"),
        [EventAlert] = FrozenSet.Create("triggered"),
        [Error] = FrozenSet.Create("created"),
        [MetricAlert] = FrozenSet.Create("critical", "warning", "resolved", "open"),
        [ActivityAlert] = FrozenSet.Create("triggered"),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
