using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Sentry.Grains.Silo.Configuration;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Silo.Webhooks;

/// <summary>
/// The stateless work on one webhook, in order: size limit (413), signature over the raw bytes (401),
/// headers and one parse into a typed command (400), one grain call (503 if it could not commit), and
/// the 200 answer <c>{requestId, resource, action, outcome}</c>. Nothing reaches a grain unless the
/// request passed every check before it.
/// </summary>
public sealed partial class WebhookHandler(
    WebhookSignature signature,
    WebhookRouter router,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookHandler> logger)
{
    public async Task<WebhookHandled> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var receivedAt = time.GetUtcNow();
        var headers = request.Headers;
        var limit = options.Value.MaxBodyBytes;

        var body = await RequestBody.ReadAsync(request, limit, cancellationToken);
        if (body is null)
        {
            return Reject(StatusCodes.Status413PayloadTooLarge, "size", $"The body is larger than {limit} bytes.");
        }

        var signatureHeader = headers[SentryHeaders.Signature].ToString();
        if (signatureHeader.Length == 0)
        {
            return Reject(StatusCodes.Status401Unauthorized, "signature", $"The {SentryHeaders.Signature} header is missing.");
        }

        if (!signature.IsValid(body, signatureHeader))
        {
            return Reject(StatusCodes.Status401Unauthorized, "signature", $"The {SentryHeaders.Signature} header does not match the body.");
        }

        var resource = headers[SentryHeaders.Resource].ToString();
        if (resource.Length == 0)
        {
            return Reject(StatusCodes.Status400BadRequest, "malformed", $"The {SentryHeaders.Resource} header is missing.");
        }

        var requestId = headers[SentryHeaders.RequestId].ToString();
        if (requestId.Length == 0)
        {
            return Reject(StatusCodes.Status400BadRequest, "malformed", $"The {SentryHeaders.RequestId} header is missing.");
        }

        DateTimeOffset? sentAt = null;
        var timestamp = headers[SentryHeaders.Timestamp].ToString();
        if (timestamp.Length > 0)
        {
            if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
            {
                return Reject(StatusCodes.Status400BadRequest, "malformed", $"The {SentryHeaders.Timestamp} header must be unix seconds.");
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
            return Reject(StatusCodes.Status400BadRequest, "malformed", error.Message);
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
            LogNotApplied(logger, error, resource, webhook.Action, webhook.GrainKey);
            var unavailable = TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The webhook could not be applied",
                detail: "The state could not be committed; nothing was applied. Sentry retries the delivery.");
            return new WebhookHandled(unavailable, webhook.Action, WebhookTelemetry.Rejected, "unavailable", webhook.GrainKey);
        }

        if (outcome == WebhookOutcome.Ignored)
        {
            LogIgnored(logger, resource, webhook.Action);
        }
        else
        {
            LogHandled(logger, resource, webhook.Action, webhook.GrainKey, outcome);
        }

        var answer = TypedResults.Ok(new WebhookResponse(requestId, resource, webhook.Action, outcome));
        return new WebhookHandled(answer, webhook.Action, OutcomeName(outcome), null, webhook.GrainKey);
    }

    private static string OutcomeName(WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.Applied => "applied",
        WebhookOutcome.Duplicate => "duplicate",
        WebhookOutcome.Stale => "stale",
        _ => "ignored",
    };

    private WebhookHandled Reject(int status, string reason, string detail)
    {
        LogRejected(logger, status, reason, detail);
        return new WebhookHandled(TypedResults.Problem(statusCode: status, detail: detail), null, WebhookTelemetry.Rejected, reason, null);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook {Resource}.{Action} for {GrainKey}: {Outcome}")]
    private static partial void LogHandled(ILogger logger, string resource, string? action, string? grainKey, WebhookOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Resource}.{Action} ignored: unknown resource or action")]
    private static partial void LogIgnored(ILogger logger, string resource, string? action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook rejected with {Status} ({Reason}): {Detail}")]
    private static partial void LogRejected(ILogger logger, int status, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {Resource}.{Action} for {GrainKey} could not be applied")]
    private static partial void LogNotApplied(ILogger logger, Exception exception, string resource, string? action, string? grainKey);
}

/// <summary>What handling a webhook produced: the HTTP answer and what telemetry records of it.</summary>
public sealed record WebhookHandled(IResult Result, string? Action, string Outcome, string? Reason, string? GrainKey);
