using Sentry.Grains.Installations;
using Sentry.Grains.Issues;
using Sentry.Grains.MetricAlerts;
using Sentry.Grains.Seer;

namespace Sentry.Grains.Webhooks;

/// <summary>Sends a parsed webhook to exactly one grain, as DESIGN.md's routing table says.</summary>
public sealed class WebhookRouter(IGrainFactory grains)
{
    public Task<WebhookOutcome> RouteAsync(ParsedWebhook webhook) => webhook.Command switch
    {
        null => Task.FromResult(WebhookOutcome.Ignored),
        IssueChanged c => grains.GetGrain<IIssueGrain>(c.Issue.Id).ApplyIssueAsync(c),
        CommentChanged c => grains.GetGrain<IIssueGrain>(c.IssueId).ApplyCommentAsync(c),
        IssueEventReceived c => grains.GetGrain<IIssueGrain>(c.IssueId).RecordEventAsync(c),
        IssueActivityReceived c => grains.GetGrain<IIssueGrain>(c.Issue.Id).RecordActivityAsync(c),
        InstallationChanged c => grains.GetGrain<IInstallationGrain>(c.Uuid).ApplyAsync(c),
        MetricAlertChanged c => grains.GetGrain<IMetricAlertGrain>(c.Alert.Id).ApplyAsync(c),
        SeerEventReceived c => grains.GetGrain<ISeerRunGrain>(c.RunId).ApplyAsync(c),
        var other => throw new InvalidOperationException($"No route for {other.GetType().Name}."),
    };
}
