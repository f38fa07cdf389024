namespace Sentry.Grains.Webhooks;

/// <summary>
/// The bounded memory of Request-IDs and body digests a grain applied. It is part of the grain's
/// state, so it is written in the same write as the change it records.
/// </summary>
[GenerateSerializer, Alias("sentry.DeliveryLog")]
public sealed class DeliveryLog
{
    [Id(0)] public List<string> RequestIds { get; set; } = [];
    [Id(1)] public List<string> BodyDigests { get; set; } = [];

    /// <summary>True when this Request-ID or this exact body was applied before.</summary>
    public bool Contains(Delivery delivery) =>
        RequestIds.Contains(delivery.RequestId, StringComparer.Ordinal)
        || BodyDigests.Contains(delivery.BodyDigest, StringComparer.Ordinal);

    /// <summary>Remembers <paramref name="delivery"/>, forgetting the oldest beyond <paramref name="capacity"/>.</summary>
    public void Remember(Delivery delivery, int capacity)
    {
        Add(RequestIds, delivery.RequestId, capacity);
        Add(BodyDigests, delivery.BodyDigest, capacity);
    }

    private static void Add(List<string> list, string value, int capacity)
    {
        list.Add(value);
        if (list.Count > capacity)
        {
            list.RemoveRange(0, list.Count - capacity);
        }
    }
}
