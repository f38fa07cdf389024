using System.Security.Cryptography;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>Deliveries as the host would build them.</summary>
public static class TestDeliveries
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The host's default <c>Webhooks:MaxClockSkew</c>.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public static Delivery For(byte[] body, int secondsAfterEpoch = 0, string? requestId = null) =>
        Received(Digest(body), Epoch.AddSeconds(secondsAfterEpoch), Epoch.AddSeconds(secondsAfterEpoch).AddMilliseconds(5), requestId);

    /// <summary>A delivery of a body with digest <paramref name="digest"/>, sent at <paramref name="sentAt"/> and received at <paramref name="receivedAt"/>.</summary>
    public static Delivery Received(string digest, DateTimeOffset? sentAt, DateTimeOffset receivedAt, string? requestId = null) =>
        Ordering.Deliver(requestId ?? NewRequestId(), sentAt, digest, receivedAt, MaxClockSkew);

    public static string NewRequestId() => Guid.NewGuid().ToString("N");

    /// <summary>The hex SHA-256 of <paramref name="body"/>, as the host computes a body digest.</summary>
    public static string Digest(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>The digest of a made-up body <paramref name="text"/>.</summary>
    public static string Digest(string text) => Digest(System.Text.Encoding.UTF8.GetBytes(text));
}
