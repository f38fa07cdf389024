using System.Security.Cryptography;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>Deliveries as the host would build them.</summary>
public static class TestDeliveries
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static Delivery For(byte[] body, int secondsAfterEpoch = 0, string? requestId = null) => new(
        requestId ?? NewRequestId(),
        Epoch.AddSeconds(secondsAfterEpoch),
        Convert.ToHexStringLower(SHA256.HashData(body)),
        Epoch.AddSeconds(secondsAfterEpoch).AddMilliseconds(5));

    public static string NewRequestId() => Guid.NewGuid().ToString("N");
}
