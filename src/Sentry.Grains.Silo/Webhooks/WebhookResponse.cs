using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Silo.Webhooks;

/// <summary>The 200 answer to a webhook.</summary>
public sealed record WebhookResponse(string RequestId, string Resource, string? Action, WebhookOutcome Outcome);
