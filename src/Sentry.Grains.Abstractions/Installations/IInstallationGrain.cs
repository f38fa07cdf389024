using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Installations;

/// <summary>One installation of the Sentry app, keyed by its uuid.</summary>
[Alias("sentry.IInstallationGrain")]
public interface IInstallationGrain : IGrainWithStringKey
{
    [Alias("Apply")]
    Task<WebhookOutcome> ApplyAsync(InstallationChanged change);

    /// <summary>The installation, or null if never seen.</summary>
    [Alias("Get")]
    Task<InstallationSnapshot?> GetAsync();
}
