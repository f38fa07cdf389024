using System.Collections.Frozen;
using System.Text;
using Sentry.Grains.Installations;
using Sentry.Grains.Issues;
using Sentry.Grains.MetricAlerts;
using Sentry.Grains.Seer;

namespace Sentry.Grains.Webhooks;

/// <summary>
/// Every resource this service understands, each declared once in its own slice (<c>Issues/IssueWebhooks.cs</c>,
/// <c>Seer/SeerWebhooks.cs</c>, ...). Adding a resource is one declaration there and one line here.
/// </summary>
public static class WebhookResources
{
    /// <summary>The declarations, in the README's order.</summary>
    public static IReadOnlyList<WebhookResource> All { get; } =
    [
        InstallationWebhooks.Installation,
        IssueWebhooks.Issue,
        IssueWebhooks.Comment,
        IssueWebhooks.EventAlert,
        IssueWebhooks.Error,
        IssueWebhooks.ActivityAlert,
        MetricAlertWebhooks.MetricAlert,
        SeerWebhooks.Seer,
    ];

    private static readonly FrozenDictionary<string, WebhookResource> ByName = All.ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>The declaration of <c>Sentry-Hook-Resource</c> <paramref name="name"/>, or null for a resource this service does not know.</summary>
    public static WebhookResource? Find(string? name) => name is null ? null : ByName.GetValueOrDefault(name);

    /// <summary>The README's resource table, made from the declarations (a test keeps the README equal to it).</summary>
    public static string MarkdownTable()
    {
        var table = new StringBuilder()
            .AppendLine("| resource | actions | grain key | key shape | grain method |")
            .AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var resource in All)
        {
            var actions = string.Join(", ", resource.Actions) + (resource.AcceptsOtherActions ? ", any other (kept in history)" : "");
            var paths = string.Join(" or ", resource.Key.Paths.Select(p => $"`{p}`"));
            table.AppendLine($"| `{resource.Name}` | {actions} | {paths} | {resource.Key.Shape.Describe()} | `{resource.Grain}.{resource.Method}` |");
        }

        return table.ToString();
    }
}
