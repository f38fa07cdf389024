namespace Sentry.Grains.Webhooks;

/// <summary>The one dedup step every rule goes through.</summary>
public static class Deduplication
{
    /// <summary>
    /// <c>duplicate</c> when this body was applied within the delivery window; otherwise runs <paramref name="rule"/>, and
    /// when it applied the change, remembers the delivery (in the same head write as the change).
    /// </summary>
    public static WebhookOutcome Apply(DeliveryMemory deliveries, Delivery delivery, Func<WebhookOutcome> rule)
    {
        if (deliveries.Contains(delivery))
        {
            return WebhookOutcome.Duplicate;
        }

        var outcome = rule();
        if (outcome == WebhookOutcome.Applied)
        {
            deliveries.Remember(delivery);
        }

        return outcome;
    }
}
