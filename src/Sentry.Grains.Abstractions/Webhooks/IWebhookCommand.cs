namespace Sentry.Grains.Webhooks;

/// <summary>A typed webhook, ready for exactly one grain call.</summary>
public interface IWebhookCommand
{
    /// <summary>How the webhook reached this service: Request-ID, timestamps, body digest, installation.</summary>
    Delivery Delivery { get; }

    /// <summary>The webhook's <c>action</c>.</summary>
    string Action { get; }
}
