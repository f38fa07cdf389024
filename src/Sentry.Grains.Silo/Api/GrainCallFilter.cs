using Microsoft.Extensions.Options;
using Sentry.Grains.Silo.Configuration;
using Sentry.Grains.Silo.Webhooks;

namespace Sentry.Grains.Silo.Api;

/// <summary>
/// Around every query: a grain call that failed because a silo just died is retried (reads have no
/// effect), and a read that still fails, e.g. while the database is unreachable, answers 503 problem
/// details rather than 500, so callers know to try again.
/// </summary>
internal sealed partial class GrainCallFilter(IOptions<WebhookOptions> options, TimeProvider time, ILogger<GrainCallFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await TransientClusterErrors.RetryAsync(
                async () => await next(context),
                options.Value.GrainCallAttempts,
                options.Value.GrainCallRetryDelay,
                time,
                logger,
                context.HttpContext.RequestAborted);
        }
        catch (Exception error) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            LogReadFailed(logger, error, context.HttpContext.Request.Path);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The state could not be read",
                detail: "The grain could not be reached or its state could not be loaded; try again.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Query {Path} failed")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string path);
}
