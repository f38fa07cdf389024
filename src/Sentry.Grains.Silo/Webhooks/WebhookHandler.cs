using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Sentry.Grains.Reconciliation;
using Sentry.Grains.Silo.Configuration;
using Sentry.Grains.Silo.Health;
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
    WebhookTelemetry telemetry,
    ReconcileRequests reconcile,
    SiloReadiness readiness,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookHandler> logger)
{
    /// <summary>Request-IDs longer than this, or with characters outside printable ASCII, are refused (Sentry sends 32 hex digits).</summary>
    public const int MaxRequestIdLength = 128;

    public async Task<WebhookHandled> HandleAsync(HttpRequest request, WebhookHeaders headers, CancellationToken cancellationToken)
    {
        var receivedAt = time.GetUtcNow();
        var limit = options.Value.MaxBodyBytes;

        var body = await RequestBody.ReadAsync(request, limit, cancellationToken);
        if (body is null)
        {
            return Reject(StatusCodes.Status413PayloadTooLarge, "size", $"The body is larger than {limit} bytes.");
        }

        if (headers.Signature.Length == 0)
        {
            return Reject(StatusCodes.Status401Unauthorized, "signature", $"The {SentryHeaders.Signature} header is missing.");
        }

        if (!signature.IsValid(body, headers.Signature))
        {
            return Reject(StatusCodes.Status401Unauthorized, "signature", $"The {SentryHeaders.Signature} header does not match the body.");
        }

        if (headers.Resource.Length == 0)
        {
            return Reject(StatusCodes.Status400BadRequest, "malformed", $"The {SentryHeaders.Resource} header is missing.");
        }

        if (headers.RequestId.Length is 0 or > MaxRequestIdLength || headers.RequestId.AsSpan().ContainsAnyExceptInRange((char)0x21, (char)0x7E))
        {
            return Reject(StatusCodes.Status400BadRequest, "malformed", $"The {SentryHeaders.RequestId} header must be 1 to {MaxRequestIdLength} printable ASCII characters.");
        }

        DateTimeOffset? sentAt = null;
        if (headers.Timestamp.Length > 0)
        {
            if (!long.TryParse(headers.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxUnixSeconds)
            {
                return Reject(StatusCodes.Status400BadRequest, "malformed", $"The {SentryHeaders.Timestamp} header must be unix seconds.");
            }

            sentAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        var delivery = Ordering.Deliver(headers.RequestId, sentAt, Convert.ToHexStringLower(SHA256.HashData(body)), receivedAt, options.Value.MaxClockSkew);
        ParsedWebhook webhook;
        try
        {
            webhook = WebhookParser.Parse(headers.Resource, body, delivery);
        }
        catch (WebhookFormatException error)
        {
            return Reject(StatusCodes.Status400BadRequest, "malformed", error.Message);
        }

        // After trouble, Sentry's API decides what the issue is (README, "Reconciliation").
        var issueId = webhook.IsIgnored ? null : ReconcileTargets.IssueOf(webhook);
        if (sentAt is { } claimed && !delivery.TimestampTrusted && !webhook.IsIgnored)
        {
            telemetry.UntrustedTimestamp(webhook.Resource);
            LogUntrustedTimestamp(logger, headers.Resource, webhook.GrainKey, claimed, receivedAt);
            RequestReconcile(issueId, ReconcileReason.UntrustedTimestamp);
        }

        if (!readiness.IsReady)
        {
            RequestReconcile(issueId, ReconcileReason.NotReady);
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
            LogNotApplied(logger, error, headers.Resource, webhook.Action, webhook.GrainKey);
            RequestReconcile(issueId, ReconcileReason.Unavailable);
            var unavailable = TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The webhook could not be applied",
                detail: "The state could not be committed; nothing was applied. Sentry retries the delivery.");
            return new WebhookHandled(unavailable, webhook, WebhookTelemetry.Rejected, "unavailable");
        }

        if (outcome == WebhookOutcome.Ignored)
        {
            LogIgnored(logger, headers.Resource, webhook.Action);
        }
        else
        {
            LogHandled(logger, headers.Resource, webhook.Action, webhook.GrainKey, outcome);
        }

        var answer = TypedResults.Ok(new WebhookResponse(headers.RequestId, headers.Resource, webhook.Action, outcome));
        return new WebhookHandled(answer, webhook, OutcomeName(outcome), null);
    }

    private void RequestReconcile(string? issueId, ReconcileReason reason)
    {
        if (issueId is not null)
        {
            reconcile.Request(issueId, reason);
        }
    }

    /// <summary>9999-12-31T23:59:59Z, the last second a <see cref="DateTimeOffset"/> holds.</summary>
    private const long MaxUnixSeconds = 253402300799;

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
        return new WebhookHandled(TypedResults.Problem(statusCode: status, detail: detail), null, WebhookTelemetry.Rejected, reason);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook {Resource}.{Action} for {GrainKey}: {Outcome}")]
    private static partial void LogHandled(ILogger logger, string resource, string? action, string? grainKey, WebhookOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Resource}.{Action} ignored: unknown resource or action")]
    private static partial void LogIgnored(ILogger logger, string resource, string? action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Resource} for {GrainKey}: Sentry-Hook-Timestamp {SentAt:O} is beyond Webhooks:MaxClockSkew of its receipt at {ReceivedAt:O}; ordered by the time of receipt")]
    private static partial void LogUntrustedTimestamp(ILogger logger, string resource, string? grainKey, DateTimeOffset sentAt, DateTimeOffset receivedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook rejected with {Status} ({Reason}): {Detail}")]
    private static partial void LogRejected(ILogger logger, int status, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {Resource}.{Action} for {GrainKey} could not be applied")]
    private static partial void LogNotApplied(ILogger logger, Exception exception, string resource, string? action, string? grainKey);
}

/// <summary>What handling a webhook produced: the HTTP answer and what telemetry records of it (the webhook, if it was parsed).</summary>
public sealed record WebhookHandled(IResult Result, ParsedWebhook? Webhook, string Outcome, string? Reason);
