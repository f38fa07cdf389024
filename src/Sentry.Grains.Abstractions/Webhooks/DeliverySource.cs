namespace Sentry.Grains.Webhooks;

/// <summary>Where a change came from: a webhook Sentry sent, or Sentry's API read back by the reconciliation.</summary>
[GenerateSerializer, Alias("sentry.DeliverySource")]
public enum DeliverySource
{
    /// <summary>A signed webhook to <c>POST /webhooks/sentry</c>.</summary>
    Webhook = 0,

    /// <summary>Sentry's API answer, applied by the reconciliation through the same rules as a webhook.</summary>
    Reconciled = 1,
}
