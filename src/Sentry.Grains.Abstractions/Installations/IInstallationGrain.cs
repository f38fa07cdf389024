using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Installations;

/// <summary>
/// One installation of the Sentry app, keyed by its uuid: the one owner of its OAuth tokens. It exchanges
/// the grant code, verifies the installation, and is the only place a refresh happens.
/// </summary>
[Alias("sentry.IInstallationGrain")]
public interface IInstallationGrain : IGrainWithStringKey
{
    [Alias("Apply")]
    Task<WebhookOutcome> ApplyAsync(InstallationChanged change);

    /// <summary>The installation, or null if never seen. Never carries tokens.</summary>
    [Alias("Get")]
    Task<InstallationSnapshot?> GetAsync();

    /// <summary>
    /// The access token, refreshed first when it is within the refresh skew of expiring. Concurrent callers
    /// during a refresh get the result of that one refresh.
    /// </summary>
    [Alias("GetToken")]
    Task<InstallationTokenResult> GetTokenAsync();

    /// <summary>
    /// The organization and token to read Sentry's API with (refreshed first like <see cref="GetTokenAsync"/>), unless the
    /// installation is not installed or its token was refused and its backoff has not passed.
    /// </summary>
    [Alias("GetApiAccess")]
    Task<InstallationApiAccess> GetApiAccessAsync();

    /// <summary>Sentry refused the token for a read (401/403): the token needs attention (see <see cref="TokenAttention"/>).</summary>
    [Alias("ReportTokenRefused")]
    Task ReportTokenRefusedAsync(int statusCode, string reason);

    /// <summary>A read with a token that needed attention succeeded: the attention is cleared.</summary>
    [Alias("ReportTokenAccepted")]
    Task ReportTokenAcceptedAsync();

    /// <summary>Makes sure the installation's current status is on the read side (installations stored by an earlier version never published it).</summary>
    [Alias("EnsurePublished")]
    Task EnsurePublishedAsync();
}
