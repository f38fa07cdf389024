using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Sentry.Grains.Silo.Configuration;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Silo.Webhooks;

/// <summary>
/// <c>POST /webhooks/sentry</c>, stateless: size limit (413), signature over the raw bytes (401),
/// one parse into a typed command (400), one grain call, answer <c>{requestId, resource, action, outcome}</c>.
/// Nothing reaches a grain unless the answer is going to be 200; a grain that could not commit
/// answers 503 so Sentry retries.
/// </summary>
public static partial class WebhookEndpoint
{
    public const string Path = "/webhooks/sentry";

    public static WebApplicationBuilder AddSentryWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<SentryOptions>, SentryOptionsValidator>();
        builder.Services.AddOptions<SentryOptions>().Bind(builder.Configuration.GetSection(SentryOptions.SectionName)).ValidateOnStart();
        builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(services => new WebhookSignature(services.GetRequiredService<IOptions<SentryOptions>>().Value.WebhookSecrets));
        return builder;
    }

    public static IEndpointRouteBuilder MapSentryWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync)
            .WithName("ReceiveSentryWebhook")
            .Produces<WebhookResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        WebhookSignature signature,
        WebhookRouter router,
        IOptions<WebhookOptions> options,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(WebhookEndpoint).FullName!);
        var receivedAt = time.GetUtcNow();
        var headers = context.Request.Headers;

        var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Reject(logger, StatusCodes.Status413PayloadTooLarge, "size", $"The body is larger than {options.Value.MaxBodyBytes} bytes.");
        }

        var signatureHeader = headers[SentryHeaders.Signature].ToString();
        if (signatureHeader.Length == 0)
        {
            return Reject(logger, StatusCodes.Status401Unauthorized, "signature", $"The {SentryHeaders.Signature} header is missing.");
        }

        if (!signature.IsValid(body, signatureHeader))
        {
            return Reject(logger, StatusCodes.Status401Unauthorized, "signature", $"The {SentryHeaders.Signature} header does not match the body.");
        }

        var resource = headers[SentryHeaders.Resource].ToString();
        if (resource.Length == 0)
        {
            return Reject(logger, StatusCodes.Status400BadRequest, "malformed", $"The {SentryHeaders.Resource} header is missing.");
        }

        var requestId = headers[SentryHeaders.RequestId].ToString();
        if (requestId.Length == 0)
        {
            return Reject(logger, StatusCodes.Status400BadRequest, "malformed", $"The {SentryHeaders.RequestId} header is missing.");
        }

        DateTimeOffset? sentAt = null;
        var timestamp = headers[SentryHeaders.Timestamp].ToString();
        if (timestamp.Length > 0)
        {
            if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
            {
                return Reject(logger, StatusCodes.Status400BadRequest, "malformed", $"The {SentryHeaders.Timestamp} header must be unix seconds.");
            }

            sentAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        var delivery = new Delivery(requestId, sentAt, Convert.ToHexStringLower(SHA256.HashData(body)), receivedAt);
        ParsedWebhook webhook;
        try
        {
            webhook = WebhookParser.Parse(resource, body, delivery);
        }
        catch (WebhookFormatException error)
        {
            return Reject(logger, StatusCodes.Status400BadRequest, "malformed", error.Message);
        }

        WebhookOutcome outcome;
        try
        {
            outcome = await TransientClusterErrors.RetryAsync(
                () => router.RouteAsync(webhook),
                options.Value.GrainCallAttempts,
                options.Value.GrainCallRetryDelay,
                time,
                logger,
                cancellationToken);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotApplied(logger, error, resource, webhook.Action, requestId);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The webhook could not be applied",
                detail: "The state could not be committed; nothing was applied. Sentry retries the delivery.");
        }

        if (outcome == WebhookOutcome.Ignored)
        {
            LogIgnored(logger, resource, webhook.Action, requestId);
        }
        else
        {
            LogHandled(logger, resource, webhook.Action, webhook.GrainKey, requestId, outcome);
        }

        return TypedResults.Ok(new WebhookResponse(requestId, resource, webhook.Action, outcome));
    }

    private static IResult Reject(ILogger logger, int status, string reason, string detail)
    {
        LogRejected(logger, status, reason, detail);
        return TypedResults.Problem(statusCode: status, detail: detail);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Resource}.{Action} for {GrainKey} ({RequestId}): {Outcome}")]
    private static partial void LogHandled(ILogger logger, string resource, string? action, string? grainKey, string requestId, WebhookOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Resource}.{Action} ({RequestId}) ignored: unknown resource or action")]
    private static partial void LogIgnored(ILogger logger, string resource, string? action, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook rejected with {Status} ({Reason}): {Detail}")]
    private static partial void LogRejected(ILogger logger, int status, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {Resource}.{Action} ({RequestId}) could not be applied")]
    private static partial void LogNotApplied(ILogger logger, Exception exception, string resource, string? action, string requestId);
}
