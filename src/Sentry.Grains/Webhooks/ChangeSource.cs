namespace Sentry.Grains.Webhooks;

/// <summary>
/// Where a stored change came from, as stored state and the read model keep it (the contract's
/// <see cref="DeliverySource"/> is not stored: stored state has types of its own).
/// </summary>
[GenerateSerializer, Alias("sentry.v2.ChangeSource")]
public enum ChangeSource
{
    Webhook = 0,
    Reconciled = 1,
}

/// <summary>Between the contract's <see cref="DeliverySource"/> and the stored <see cref="ChangeSource"/>.</summary>
public static class ChangeSources
{
    public static ChangeSource Of(Delivery delivery) => delivery.Source == DeliverySource.Reconciled ? ChangeSource.Reconciled : ChangeSource.Webhook;

    public static DeliverySource ToContract(this ChangeSource source) => source == ChangeSource.Reconciled ? DeliverySource.Reconciled : DeliverySource.Webhook;
}
