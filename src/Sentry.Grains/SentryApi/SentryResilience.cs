using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Sentry.Grains.SentryApi;

/// <summary>
/// The resilience pipeline of the Sentry client, derived from <c>Sentry:RequestTimeout</c>: that timeout is what
/// bounds one call (the attempt and the total, retries of a GET included), the circuit breaker samples over at
/// least twice it, GETs are retried after fast transient failures, and nothing else is ever retried.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>POST and PUT are never retried: a repeated exchange or refresh burns the single-use grant code or refresh
/// token. The installation grain retries those itself, with a backoff it records.</item>
/// <item>429 is neither retried here nor counted by the circuit breaker: Sentry's limits are per organization, so
/// one organization over its budget must not stop the calls (token refreshes) of every other. The caller gets it
/// as <see cref="SentryApiException.RetryAfter"/>.</item>
/// </list>
/// </remarks>
internal static class SentryResilience
{
    /// <summary>The circuit breaker's sampling window when <c>Sentry:RequestTimeout</c> is short (the standard default).</summary>
    public static readonly TimeSpan MinimumSamplingDuration = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a GET after a fast transient failure (5xx, 408, connection failure).</summary>
    public const int GetRetries = 2;

    public static void Configure(HttpStandardResilienceOptions resilience, TimeSpan requestTimeout)
    {
        // Equal is allowed (the standard options only refuse an attempt timeout longer than the total).
        resilience.AttemptTimeout.Timeout = requestTimeout;
        resilience.TotalRequestTimeout.Timeout = requestTimeout;

        resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(MinimumSamplingDuration.Ticks, 2 * requestTimeout.Ticks));
        resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransientFailure(args.Outcome));

        resilience.Retry.MaxRetryAttempts = GetRetries;
        resilience.Retry.BackoffType = DelayBackoffType.Constant;
        resilience.Retry.UseJitter = false;
        resilience.Retry.Delay = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, requestTimeout.Ticks / 10));
        resilience.Retry.ShouldRetryAfterHeader = false;
        resilience.Retry.ShouldHandle = args => ValueTask.FromResult(IsTransientFailure(args.Outcome));
        resilience.Retry.DisableForUnsafeHttpMethods();
    }

    /// <summary>A transient failure (5xx, 408, no answer, attempt timeout) other than 429.</summary>
    private static bool IsTransientFailure(Outcome<HttpResponseMessage> outcome) =>
        HttpClientResiliencePredicates.IsTransient(outcome) && outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests;
}
