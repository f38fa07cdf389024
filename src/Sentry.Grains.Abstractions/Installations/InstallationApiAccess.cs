namespace Sentry.Grains.Installations;

/// <summary>Whether an installation's token may be used to read Sentry's API now.</summary>
[GenerateSerializer, Alias("sentry.ApiAccessOutcome")]
public enum ApiAccessOutcome
{
    /// <summary>Use <see cref="InstallationApiAccess.Token"/> for <see cref="InstallationApiAccess.OrganizationSlug"/>.</summary>
    Granted,

    /// <summary>No installation with that uuid has been seen.</summary>
    NotFound,

    /// <summary>Pending, failed or deleted: there is no token, and Sentry is not called for it.</summary>
    NotInstalled,

    /// <summary>Sentry refused the token (401/403); not used again before <see cref="InstallationApiAccess.RetryAt"/> or a new token.</summary>
    NeedsAttention,

    /// <summary>Installed, but the token expired and refreshing it keeps failing for now.</summary>
    Unavailable,
}

/// <summary>
/// The answer of <see cref="IInstallationGrain.GetApiAccessAsync"/>: the organization and access token to read Sentry's API
/// with, or why not. <see cref="IsProbe"/>: the token was refused before and this is the one call that tries it again after
/// the backoff (report the result). Its text never shows the token.
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.InstallationApiAccess")]
public sealed record InstallationApiAccess(
    [property: Id(0)] ApiAccessOutcome Outcome,
    [property: Id(1)] string? OrganizationSlug,
    [property: Id(2)] string? Token,
    [property: Id(3)] DateTimeOffset? RetryAt,
    [property: Id(4)] string? Detail,
    [property: Id(5)] bool IsProbe)
{
    public override string ToString() =>
        $"InstallationApiAccess {{ Outcome = {Outcome}, OrganizationSlug = {OrganizationSlug}, RetryAt = {RetryAt:O}, IsProbe = {IsProbe}, Token = {(Token is null ? "none" : "***")} }}";
}

/// <summary>
/// Sentry refused the installation's token for a read (401/403): it needs attention. Reads for the installation stop
/// until its token changes (a refresh) or <see cref="NextProbeAt"/> passes (then one read tries it again; the backoff
/// doubles with every refusal).
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.TokenAttention")]
public sealed record TokenAttention(
    [property: Id(0)] DateTimeOffset Since,
    [property: Id(1)] int StatusCode,
    [property: Id(2)] string Reason,
    [property: Id(3)] int Refusals,
    [property: Id(4)] DateTimeOffset NextProbeAt);
