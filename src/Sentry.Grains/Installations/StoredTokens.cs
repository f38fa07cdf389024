namespace Sentry.Grains.Installations;

/// <summary>A token pair from Sentry as the state keeps it: both tokens encrypted, expiry and scopes in the clear.</summary>
public sealed record StoredTokens(
    EncryptedToken AccessToken,
    EncryptedToken RefreshToken,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string> Scopes);
