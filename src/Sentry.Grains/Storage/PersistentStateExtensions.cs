using Microsoft.Extensions.Logging;

namespace Sentry.Grains.Storage;

/// <summary>Writing grain state so a failed write never leaves the grain believing it applied a change.</summary>
public static partial class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state. If the write fails (database down, ETag conflict) the in-memory state is
    /// reloaded from storage, or, if that fails too, the activation is dropped so the next call
    /// loads the committed state; then the failure is rethrown for the caller to answer 503.
    /// </summary>
    public static async Task WriteOrReloadAsync<T>(this IPersistentState<T> state, Grain grain, ILogger logger)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception writeError)
        {
            LogWriteFailed(logger, writeError, grain.GetGrainId());
            try
            {
                await state.ReadStateAsync();
            }
            catch (Exception readError)
            {
                LogReloadFailed(logger, readError, grain.GetGrainId());
                grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, readError, "State write and reload failed."));
            }

            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "State write of {GrainId} failed; reloading the committed state")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading the state of {GrainId} failed; deactivating it")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, GrainId grainId);
}
