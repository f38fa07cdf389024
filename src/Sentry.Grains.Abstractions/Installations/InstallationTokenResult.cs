namespace Sentry.Grains.Installations;

/// <summary>
/// The answer to <see cref="IInstallationGrain.GetTokenAsync"/>: the access token and its expiry when
/// <see cref="Outcome"/> is <see cref="TokenOutcome.Issued"/>, otherwise the installation's status and why
/// there is no token. Its text never shows the token.
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.InstallationTokenResult.2")]
public sealed record InstallationTokenResult(
    [property: Id(0)] TokenOutcome Outcome,
    [property: Id(1)] string? Token,
    [property: Id(2)] DateTimeOffset? ExpiresAt,
    [property: Id(3)] InstallationStatus? Status,
    [property: Id(4)] string? Detail)
{
    public override string ToString() =>
        $"InstallationTokenResult {{ Outcome = {Outcome}, Status = {Status}, ExpiresAt = {ExpiresAt:O}, Token = {(Token is null ? "none" : "***")} }}";
}
