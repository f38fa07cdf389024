namespace Sentry.Grains.Silo.Api;

/// <summary>The answer of <c>GET /api/installations/{uuid}/token</c>.</summary>
public sealed record InstallationTokenResponse(string Token, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"InstallationTokenResponse {{ ExpiresAt = {ExpiresAt:O}, Token = *** }}";
}
