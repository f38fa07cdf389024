namespace Sentry.Grains.SentryApi;

/// <summary>What one read from Sentry's API gave, and the rate-limit headers of its (last) answer.</summary>
[GenerateSerializer, Immutable, Alias("sentry.SentryApiAnswer`1")]
public sealed record SentryApiAnswer<T>(
    [property: Id(0)] T Value,
    [property: Id(1)] SentryRateLimit RateLimit);
