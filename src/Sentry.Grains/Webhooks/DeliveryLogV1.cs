namespace Sentry.Grains.Webhooks;

/// <summary>
/// Layout 1 (the previous version): the Request-IDs and hex body digests a grain remembered, by count. Only read, to
/// upgrade a stored row; its digests become <see cref="RememberedDelivery"/> entries.
/// </summary>
[GenerateSerializer, Alias("sentry.DeliveryLog")]
public sealed class DeliveryLogV1
{
    [Id(0)] public List<string> RequestIds { get; set; } = [];
    [Id(1)] public List<string> BodyDigests { get; set; } = [];

    /// <summary>The digests as remembered deliveries, dated <paramref name="upgradedAt"/> (layout 1 kept no times).</summary>
    public List<RememberedDelivery> Upgrade(DateTimeOffset upgradedAt) =>
        [.. BodyDigests.Where(d => d.Length >= 32 && !d.AsSpan(0, 32).ContainsAnyExcept("0123456789abcdefABCDEF")).Select(d => RememberedDelivery.Of(d, upgradedAt))];
}
