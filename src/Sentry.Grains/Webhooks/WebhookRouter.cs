namespace Sentry.Grains.Webhooks;

/// <summary>Sends a parsed webhook to exactly one grain: the method its resource declares, on the key it parsed.</summary>
public sealed class WebhookRouter(GrainReferences grains)
{
    public Task<WebhookOutcome> RouteAsync(ParsedWebhook webhook) =>
        webhook is { Resource: { } resource, GrainKey: { } key, Command: { } command }
            ? resource.ApplyAsync(grains, key, command)
            : Task.FromResult(WebhookOutcome.Ignored);
}
