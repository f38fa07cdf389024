namespace Sentry.Grains.Webhooks;

/// <summary>
/// A parsed webhook: the resource it declares (null if unknown), its action, the key of the grain it goes to, and
/// the typed command. <see cref="Command"/> is null for an unknown resource or action, which is acknowledged and ignored.
/// </summary>
public sealed record ParsedWebhook(WebhookResource? Resource, string? Action, string? GrainKey, IWebhookCommand? Command)
{
    public bool IsIgnored => Command is null;
}
