using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sentry.Grains.ReadModel;

namespace Sentry.Grains.Installations;

/// <summary>
/// Once the silo has started: every installation the earlier version's index lists that the read model does not hold is
/// asked to publish itself (<see cref="IInstallationGrain.EnsurePublishedAsync"/>), so the installation list, now read
/// from the read model, still shows installations stored before the upgrade. Idempotent; cheap once done.
/// </summary>
internal sealed partial class LegacyInstallationImport(
    IGrainFactory grains,
    IReadModelStore store,
    IHostApplicationLifetime lifetime,
    ILogger<LegacyInstallationImport> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitUntilStartedAsync(stoppingToken))
        {
            return;
        }

        try
        {
            var imported = 0;
            foreach (var installation in await grains.GetGrain<IInstallationIndexGrain>(InstallationIndex.Key).ListAsync(null))
            {
                if (await store.FindAsync(InstallationRow.ResourceName, installation.Uuid, stoppingToken) is null)
                {
                    await grains.GetGrain<IInstallationGrain>(installation.Uuid).EnsurePublishedAsync();
                    imported++;
                }
            }

            if (imported > 0)
            {
                LogImported(logger, imported);
            }
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            LogImportFailed(logger, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Put {Count} installations stored by an earlier version on the read model")]
    private static partial void LogImported(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Putting installations stored by an earlier version on the read model failed; the next start tries again")]
    private static partial void LogImportFailed(ILogger logger, Exception exception);
}
