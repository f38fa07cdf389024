using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sentry.Grains.Client;

/// <summary>
/// A typed client of Sentry.Grains' HTTP query API: the lists (<c>/api/issues</c>, <c>/api/seer-runs</c>,
/// <c>/api/metric-alerts</c>, <c>/api/installations</c>) and the change feed (<c>/api/changes</c>).
/// </summary>
/// <remarks>
/// The caller owns the <see cref="HttpClient"/>: its <see cref="HttpClient.BaseAddress"/> is the service
/// (<c>http://sentry-grains:8080/</c>; a base address with a path must end with <c>/</c>) and its default headers carry
/// <c>Authorization: Bearer</c> with an API key; <c>AddSentryGrainsClient</c> sets both up through
/// <see cref="IHttpClientFactory"/>. Its <see cref="HttpClient.Timeout"/> must outlast a long poll's wait (the default
/// 100 s does). The client holds no state of its own besides the <see cref="HttpClient"/> and is safe to share.
/// An error answer throws <see cref="SentryGrainsClientException"/> (<see cref="ChangeFeedExpiredException"/> for the
/// feed's 410).
/// </remarks>
public sealed partial class SentryGrainsClient
{
    private readonly HttpClient http;

    /// <summary>A client that sends its requests with <paramref name="http"/>.</summary>
    /// <param name="http">An <see cref="HttpClient"/> with the service's <see cref="HttpClient.BaseAddress"/> and its API key.</param>
    /// <exception cref="ArgumentException"><paramref name="http"/> has no <see cref="HttpClient.BaseAddress"/>.</exception>
    public SentryGrainsClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress: the Sentry.Grains service, e.g. http://sentry-grains:8080/.", nameof(http));
        }

        this.http = http;
    }

    private async Task<T> GetAsync<T>(QueryBuilder uri, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri.ToUri());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorOfAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return await response.Content.ReadFromJsonAsync(answer, cancellationToken).ConfigureAwait(false)
            ?? throw new SentryGrainsClientException(response.StatusCode, "Unexpected answer", $"GET {uri} answered null.");
    }

    /// <summary>The exception for an error answer: its problem details if it has them, else the start of its body.</summary>
    private static async Task<SentryGrainsClientException> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        ProblemDetailsResponse? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                problem = JsonSerializer.Deserialize(body, ClientJson.Default.ProblemDetailsResponse);
            }
            catch (JsonException)
            {
                // Not problem details after all: the body's start below says what it was.
            }
        }

        problem ??= new ProblemDetailsResponse(response.ReasonPhrase, body.Length == 0 ? null : body[..Math.Min(body.Length, 500)], null);
        return response.StatusCode == HttpStatusCode.Gone
            ? new ChangeFeedExpiredException(problem.Title, problem.Detail, problem.Oldest)
            : new SentryGrainsClientException(response.StatusCode, problem.Title, problem.Detail);
    }
}
