using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Sentry.Grains.SentryApi;

/// <summary>
/// Sentry's API as a typed <see cref="HttpClient"/> whose base address is <c>Sentry:BaseUrl</c>: the installation
/// endpoints (<c>SentryApiClient.Installations.cs</c>) and the read API the reconciliation uses
/// (<c>SentryApiClient.Issues.cs</c>). Its resilience pipeline (<see cref="SentryResilience"/>) bounds every call
/// with <c>Sentry:RequestTimeout</c> and retries GETs only.
/// </summary>
/// <remarks>
/// Every failure is a <see cref="SentryApiException"/> saying whether it is worth retrying: Sentry's refusals with
/// their status code (404, 401/403, 429 with <see cref="SentryApiException.RetryAfter"/>, ...), and anything else
/// that can go wrong on the way (timeouts, a broken circuit, connection failures, an unreadable answer, any
/// unexpected exception) as transient. No message carries a token, the code or the client secret.
/// </remarks>
public sealed partial class SentryApiClient(HttpClient http, IOptions<SentryOptions> options, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Runs <paramref name="call"/> (one request and the reading of its answer) so that whatever it throws, other
    /// than the caller's own cancellation, reaches the caller as a <see cref="SentryApiException"/>.
    /// </summary>
    private async Task<T> CallAsync<T>(string operation, string?[] secrets, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (SentryApiException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error)
        {
            throw Failure(error, operation, secrets);
        }
    }

    /// <summary>What went wrong on the way to Sentry or back, as the client's own failure.</summary>
    private SentryApiException Failure(Exception error, string operation, string?[] secrets) => error switch
    {
        TimeoutRejectedException timeout =>
            new($"Sentry did not answer {operation} within {timeout.Timeout.TotalSeconds:0.#} s.", null, isTransient: true, error),
        OperationCanceledException =>
            new($"Sentry did not answer {operation} within {Bound.TotalSeconds:0.#} s.", null, isTransient: true, error),
        BrokenCircuitException broken =>
            new($"Calls to Sentry are paused after repeated failures (circuit open); {operation} was not sent.", null, isTransient: true, error)
            {
                RetryAfter = broken.RetryAfter,
            },
        RateLimiterRejectedException rejected =>
            new($"Too many calls to Sentry in flight; {operation} was not sent.", null, isTransient: true, error)
            {
                RetryAfter = rejected.RetryAfter,
            },
        HttpRequestException =>
            new($"Sentry could not be reached for {operation}: {Redact(error.Message, secrets)}", null, isTransient: true, error),
        JsonException =>
            new($"Sentry's answer to {operation} is not the JSON expected: {Redact(error.Message, secrets)}", null, isTransient: true, error),
        _ =>
            new($"{Capitalized(operation)} failed unexpectedly ({error.GetType().Name}): {Redact(error.Message, secrets)}", null, isTransient: true, error),
    };

    /// <summary>The HttpClient's own timeout when a test sets one, otherwise the configured bound of a call.</summary>
    private TimeSpan Bound => http.Timeout != Timeout.InfiniteTimeSpan ? http.Timeout : options.Value.RequestTimeout;

    /// <summary>Sends <paramref name="request"/>; a non-2xx answer becomes a <see cref="SentryApiException"/> with its status and rate limit.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, string operation, CancellationToken cancellationToken, params string?[] secrets)
    {
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var detail = await DetailOfAsync(response, cancellationToken);
            var status = response.StatusCode;
            var rateLimit = SentryRateLimit.From(response);
            throw new SentryApiException(
                $"Sentry answered {(int)status} {response.ReasonPhrase} to {operation}" + (detail.Length > 0 ? ": " + Redact(detail, secrets) : "."),
                status,
                SentryApiException.IsTransientStatus(status))
            {
                RateLimit = rateLimit,
                RetryAfter = status == HttpStatusCode.TooManyRequests ? SentryRateLimit.RetryAfter(response, rateLimit, time.GetUtcNow()) : null,
            };
        }
    }

    /// <summary>Sentry's <c>detail</c> (or the start of the body), at most 200 characters.</summary>
    private static async Task<string> DetailOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception error) when (error is HttpRequestException or IOException or TaskCanceledException)
        {
            return "";
        }

        var detail = body;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && (document.RootElement.TryGetProperty("detail", out var value) || document.RootElement.TryGetProperty("error", out value))
                && value.ValueKind == JsonValueKind.String)
            {
                detail = value.GetString() ?? "";
            }
        }
        catch (JsonException)
        {
        }

        detail = detail.ReplaceLineEndings(" ").Trim();
        return detail.Length <= 200 ? detail : detail[..200] + "…";
    }

    /// <summary>Never lets a secret this call sent come back in a message (should Sentry or a proxy echo it).</summary>
    private static string Redact(string text, string?[] secrets)
    {
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static string Capitalized(string operation) => operation.Length == 0 ? operation : char.ToUpperInvariant(operation[0]) + operation[1..];
}
