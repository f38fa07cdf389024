using Sentry.Grains.Issues;
using Sentry.Grains.Seer;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Reconciliation;

/// <summary>The issue a webhook is about, for a reconciliation after trouble with it.</summary>
public static class ReconcileTargets
{
    private static readonly WebhookResource[] IssueKeyed =
        [IssueWebhooks.Issue, IssueWebhooks.Comment, IssueWebhooks.EventAlert, IssueWebhooks.Error, IssueWebhooks.ActivityAlert];

    /// <summary>
    /// The issue a parsed webhook concerns: the key of an issue-keyed resource (<c>issue</c>, <c>comment</c>,
    /// <c>event_alert</c>, <c>error</c>, <c>activity_alert</c>), the <c>group_id</c> of a <c>seer</c> event; otherwise null.
    /// </summary>
    public static string? IssueOf(ParsedWebhook webhook) => webhook switch
    {
        { Command: SeerEventReceived seer } => seer.GroupId,
        { Resource: { } resource, GrainKey: { } key } when IssueKeyed.Contains(resource) => key,
        _ => null,
    };
}
