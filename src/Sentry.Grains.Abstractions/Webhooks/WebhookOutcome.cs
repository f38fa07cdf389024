namespace Sentry.Grains.Webhooks;

/// <summary>What a webhook did to the state it addresses.</summary>
[GenerateSerializer, Alias("sentry.WebhookOutcome")]
public enum WebhookOutcome
{
    /// <summary>The change was applied and durably written.</summary>
    Applied,

    /// <summary>The same Request-ID or the same body was applied before: no second effect.</summary>
    Duplicate,

    /// <summary>Older than what is already applied to that part of the state: nothing changed.</summary>
    Stale,

    /// <summary>An unknown resource or action: acknowledged, nothing to do.</summary>
    Ignored,
}
