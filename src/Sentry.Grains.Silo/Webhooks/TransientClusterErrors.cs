using Orleans.Runtime;

namespace Sentry.Grains.Silo.Webhooks;

/// <summary>
/// Retries a grain call that failed because a silo died or became unreachable while the cluster was
/// noticing (the message was never delivered, or its target silo is gone). Safe because every command
/// is idempotent: the grain remembers the Request-ID and body digest in the same write as the change,
/// so if the first attempt did commit, the retry answers <c>duplicate</c>. Anything else (a failed
/// state write, a timeout) is not retried here: the webhook answers 503 and Sentry retries later.
/// </summary>
internal static partial class TransientClusterErrors
{
    public static bool IsTransient(Exception error) => error is SiloUnavailableException or OrleansMessageRejectionException;

    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, int attempts, TimeSpan delay, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception error) when (attempt < attempts && IsTransient(error) && !cancellationToken.IsCancellationRequested)
            {
                LogRetrying(logger, attempt, attempts, error.GetType().Name, error.Message);
                await Task.Delay(delay * attempt, time, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain call attempt {Attempt} of {Attempts} failed with {ErrorType} ({Error}); retrying")]
    private static partial void LogRetrying(ILogger logger, int attempt, int attempts, string errorType, string error);
}
