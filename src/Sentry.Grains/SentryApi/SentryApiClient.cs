using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Sentry.Grains.SentryApi;

/// <summary>
/// Sentry's installation endpoints (SENTRY-NOTES section 4), as a typed <see cref="HttpClient"/> whose base
/// address is <c>Sentry:BaseUrl</c>:
/// <list type="bullet">
/// <item><c>POST /api/0/sentry-app-installations/{uuid}/authorizations/</c>: exchange the grant code, or refresh (201 with a new token pair);</item>
/// <item><c>PUT /api/0/sentry-app-installations/{uuid}/</c> <c>{"status":"installed"}</c> with the new token: verify the installation.</item>
/// </list>
/// Every failure is a <see cref="SentryApiException"/> saying whether it is worth retrying; no message
/// carries a token, the code or the client secret.
/// </summary>
public sealed class SentryApiClient(HttpClient http, IOptions<SentryOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Exchanges the one-time grant <paramref name="code"/> of installation <paramref name="uuid"/> for tokens.</summary>
    public Task<SentryTokenGrant> ExchangeCodeAsync(string uuid, string code, CancellationToken cancellationToken) =>
        AuthorizeAsync(uuid, "authorization_code", "code", code, "the code exchange", cancellationToken);

    /// <summary>Trades the single-use <paramref name="refreshToken"/> for a new token pair (Sentry deletes the old pair).</summary>
    public Task<SentryTokenGrant> RefreshAsync(string uuid, string refreshToken, CancellationToken cancellationToken) =>
        AuthorizeAsync(uuid, "refresh_token", "refresh_token", refreshToken, "the token refresh", cancellationToken);

    /// <summary>Tells Sentry the installation is set up (<c>{"status":"installed"}</c>), authenticated with its new token.</summary>
    public async Task VerifyInstallationAsync(string uuid, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, InstallationPath(uuid))
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["status"] = "installed" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await SendAsync(request, "the installation verification", cancellationToken, accessToken);
    }

    private async Task<SentryTokenGrant> AuthorizeAsync(
        string uuid, string grantType, string grantField, string grant, string operation, CancellationToken cancellationToken)
    {
        var sentry = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, InstallationPath(uuid) + "authorizations/")
        {
            Content = JsonContent.Create(new Dictionary<string, string>
            {
                ["grant_type"] = grantType,
                [grantField] = grant,
                ["client_id"] = sentry.ClientId ?? "",
                ["client_secret"] = sentry.ClientSecret ?? "",
            }),
        };
        using var response = await SendAsync(request, operation, cancellationToken, grant, sentry.ClientSecret);

        TokenAnswer? answer;
        try
        {
            answer = await response.Content.ReadFromJsonAsync<TokenAnswer>(Json, cancellationToken);
        }
        catch (JsonException)
        {
            answer = null;
        }

        if (answer is not { Token.Length: > 0, RefreshToken.Length: > 0, ExpiresAt: { } expiresAt })
        {
            throw new SentryApiException(
                $"Sentry answered {(int)response.StatusCode} to {operation} without a token, refresh token and expiry.", response.StatusCode, isTransient: true);
        }

        return new SentryTokenGrant(answer.Token, answer.RefreshToken, expiresAt, answer.Scopes ?? []);
    }

    /// <summary>Sends <paramref name="request"/>; a non-2xx answer or no answer becomes a <see cref="SentryApiException"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, string operation, CancellationToken cancellationToken, params string?[] secrets)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException error)
        {
            throw new SentryApiException($"Sentry could not be reached for {operation}: {Redact(error.Message, secrets)}", null, isTransient: true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SentryApiException($"Sentry did not answer {operation} within {http.Timeout.TotalSeconds:0.#} s.", null, isTransient: true);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var detail = await DetailOfAsync(response, cancellationToken);
            var status = response.StatusCode;
            throw new SentryApiException(
                $"Sentry answered {(int)status} {response.ReasonPhrase} to {operation}" + (detail.Length > 0 ? ": " + Redact(detail, secrets) : "."),
                status,
                SentryApiException.IsTransientStatus(status));
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
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return "";
        }

        var detail = body;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("detail", out var value)
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

    private static string InstallationPath(string uuid) => $"api/0/sentry-app-installations/{Uri.EscapeDataString(uuid)}/";

    private sealed record TokenAnswer(
        [property: JsonPropertyName("token")] string? Token,
        [property: JsonPropertyName("refreshToken")] string? RefreshToken,
        [property: JsonPropertyName("expiresAt")] DateTimeOffset? ExpiresAt,
        [property: JsonPropertyName("scopes")] string[]? Scopes);
}
