using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sentry.Grains.Reconciliation;

namespace Sentry.Grains.Installations;

/// <summary>
/// The installation's token for reads of Sentry's API (the reconciliation), through <see cref="InstallationApiAccessRules"/>:
/// a token Sentry refused is kept from further reads until it changes or its backoff passes.
/// </summary>
public sealed partial class InstallationGrain
{
    private TimeSpan RefusedTokenBackoff => ServiceProvider.GetRequiredService<IOptions<ReconcileOptions>>().Value.RefusedTokenBackoff;

    public async Task<InstallationApiAccess> GetApiAccessAsync()
    {
        var token = await GetTokenAsync();
        return InstallationApiAccessRules.Access(state.State, token, time.GetUtcNow(), RefusedTokenBackoff);
    }

    public async Task ReportTokenRefusedAsync(int statusCode, string reason)
    {
        if (!state.State.Exists)
        {
            return;
        }

        InstallationApiAccessRules.Refused(state.State, statusCode, reason, time.GetUtcNow(), RefusedTokenBackoff);
        await SaveAsync();
        LogTokenRefused(logger, Uuid, statusCode, state.State.TokenAttention!.Refusals, state.State.TokenAttention.NextProbeAt, reason);
    }

    public async Task ReportTokenAcceptedAsync()
    {
        if (InstallationApiAccessRules.Accepted(state.State))
        {
            await SaveAsync();
            LogTokenAccepted(logger, Uuid);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Installation {Uuid}: Sentry refused its token for a read ({StatusCode}, refusal {Refusals}); no reads before {NextProbeAt} or a new token: {Reason}")]
    private static partial void LogTokenRefused(ILogger logger, string uuid, int statusCode, int refusals, DateTimeOffset nextProbeAt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Installation {Uuid}: Sentry accepted its token again; reads resume")]
    private static partial void LogTokenAccepted(ILogger logger, string uuid);
}
