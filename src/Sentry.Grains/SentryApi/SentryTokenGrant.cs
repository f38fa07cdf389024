namespace Sentry.Grains.SentryApi;

/// <summary>
/// What Sentry answers (201, ApiTokenSerializer) to an authorization-code exchange or a refresh:
/// a new access token and a new single-use refresh token. Its text never shows the tokens.
/// </summary>
public sealed record SentryTokenGrant(
    string Token,
    string RefreshToken,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string> Scopes)
{
    public override string ToString() => $"SentryTokenGrant {{ ExpiresAt = {ExpiresAt:O}, Scopes = [{string.Join(", ", Scopes)}] }}";
}
