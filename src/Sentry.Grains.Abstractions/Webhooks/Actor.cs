namespace Sentry.Grains.Webhooks;

/// <summary>Who caused a webhook: <c>user</c> or <c>application</c> (<c>id</c> "sentry" for automatic actions).</summary>
[GenerateSerializer, Immutable, Alias("sentry.Actor")]
public sealed record Actor(
    [property: Id(0)] string Type,
    [property: Id(1)] string? Id,
    [property: Id(2)] string? Name);
