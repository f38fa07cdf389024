using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sentry.Grains.SentryApi;

/// <summary>
/// Sentry's installation endpoints (SENTRY-NOTES section 4):
/// <list type="bullet">
/// <item><c>POST /api/0/sentry-app-installations/{uuid}/authorizations/</c>: exchange the grant code, or refresh (201 with a new token pair);</item>
/// <item><c>PUT /api/0/sentry-app-installations/{uuid}/</c> <c>{"status":"installed"}</c> with the new token: verify the installation.</item>
/// </list>
/// </summary>
public sealed partial class SentryApiClient
{
    /// <summary>Exchanges the one-time grant <paramref name="code"/> of installation <paramref name="uuid"/> for tokens.</summary>
    public Task<SentryTokenGrant> ExchangeCodeAsync(string uuid, string code, CancellationToken cancellationToken) =>
        AuthorizeAsync(uuid, "authorization_code", "code", code, "the code exchange", cancellationToken);

    /// <summary>Trades the single-use <paramref name="refreshToken"/> for a new token pair (Sentry deletes the old pair).</summary>
    public Task<SentryTokenGrant> RefreshAsync(string uuid, string refreshToken, CancellationToken cancellationToken) =>
        AuthorizeAsync(uuid, "refresh_token", "refresh_token", refreshToken, "the token refresh", cancellationToken);

    /// <summary>Sentry's grant for a manual refresh, which needs no refresh token (feature <c>organizations:sentry-app-manual-token-refresh</c>).</summary>
    public const string ManualRefreshGrantType = "urn:sentry:params:oauth:grant-type:jwt-bearer";

    /// <summary>
    /// Sentry's manual token refresh: a new token pair for installation <paramref name="uuid"/> without a refresh
    /// token, authenticated by a JWT signed with the client secret (<see cref="SentryClientSecretJwt"/>); Sentry deletes
    /// the installation's current token. The way back when a refreshed pair was lost (the stored refresh token is then
    /// refused). Sentry answers 403 where the organization does not have the feature.
    /// </summary>
    public Task<SentryTokenGrant> ManualRefreshAsync(string uuid, CancellationToken cancellationToken)
    {
        const string operation = "the manual token refresh";
        var sentry = options.Value;
        var jwt = SentryClientSecretJwt.Create(sentry.ClientId ?? "", sentry.ClientSecret ?? "", time.GetUtcNow());
        return CallAsync(operation, [jwt, sentry.ClientSecret], async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, InstallationPath(uuid) + "authorizations/")
            {
                Content = JsonContent.Create(new Dictionary<string, string> { ["grant_type"] = ManualRefreshGrantType }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
            using var response = await SendAsync(request, operation, cancellationToken, jwt, sentry.ClientSecret);
            return await TokenGrantOfAsync(response, operation, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Tells Sentry the installation is set up (<c>{"status":"installed"}</c>), authenticated with its new token.</summary>
    public Task VerifyInstallationAsync(string uuid, string accessToken, CancellationToken cancellationToken)
    {
        const string operation = "the installation verification";
        return CallAsync(operation, [accessToken], async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, InstallationPath(uuid))
            {
                Content = JsonContent.Create(new Dictionary<string, string> { ["status"] = "installed" }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var response = await SendAsync(request, operation, cancellationToken, accessToken);
            return true;
        }, cancellationToken);
    }

    private Task<SentryTokenGrant> AuthorizeAsync(
        string uuid, string grantType, string grantField, string grant, string operation, CancellationToken cancellationToken)
    {
        var sentry = options.Value;
        return CallAsync(operation, [grant, sentry.ClientSecret], async () =>
        {
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
            return await TokenGrantOfAsync(response, operation, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The new token pair in a 201 (ApiTokenSerializer); an answer without one is a transient failure.</summary>
    private static async Task<SentryTokenGrant> TokenGrantOfAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
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

    private static string InstallationPath(string uuid) => $"api/0/sentry-app-installations/{Uri.EscapeDataString(uuid)}/";

    private sealed record TokenAnswer(
        [property: JsonPropertyName("token")] string? Token,
        [property: JsonPropertyName("refreshToken")] string? RefreshToken,
        [property: JsonPropertyName("expiresAt")] DateTimeOffset? ExpiresAt,
        [property: JsonPropertyName("scopes")] string[]? Scopes);
}
