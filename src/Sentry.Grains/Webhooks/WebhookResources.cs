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
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Actions = new Dictionary<string, IReadOnlySet<string>>
    {
        [Installation] = new HashSet<string> { "created", "deleted" },
        [Issue] = new HashSet<string> { "created", "resolved", "assigned", "ignored", "archived", "unresolved" },
        [Comment] = new HashSet<string> { "created", "updated", "deleted" },
        [EventAlert] = new HashSet<string> { "triggered" },
        [Error] = new HashSet<string> { "created" },
        [MetricAlert] = new HashSet<string> { "critical", "warning", "resolved", "open" },
        [ActivityAlert] = new HashSet<string> { "triggered" },
    };
}
