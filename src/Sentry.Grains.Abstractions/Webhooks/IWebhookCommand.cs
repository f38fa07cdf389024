namespace Sentry.Grains.Webhooks;

/// <summary>A typed webhook, ready for exactly one grain call.</summary>
public interface IWebhookCommand
{
    /// <summary>Request-ID, timestamp and body digest of the delivery.</summary>
    Delivery Delivery { get; }

    /// <summary>The webhook's <c>action</c>.</summary>
    string Action { get; }
}
