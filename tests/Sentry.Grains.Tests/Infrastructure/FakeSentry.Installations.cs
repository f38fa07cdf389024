using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// The fake's installation endpoints: exchange, refresh and manual refresh on
/// <c>POST /api/0/sentry-app-installations/{uuid}/authorizations/</c>, verification on <c>PUT .../{uuid}/</c>; which
/// organization each installation belongs to (its tokens read that organization's issues only).
/// </summary>
public sealed partial class FakeSentry
{
    /// <summary>The organization of installations nobody set one for: the one the installation fixtures name.</summary>
    public const string DefaultOrganization = "test-org";

    /// <summary>Sentry's grant for a manual refresh (a JWT signed with the client secret instead of a refresh token).</summary>
    public const string ManualRefreshGrantType = "urn:sentry:params:oauth:grant-type:jwt-bearer";

    private readonly Dictionary<string, string> organizations = new(StringComparer.Ordinal);
    private readonly HashSet<string> manualRefreshDisabled = new(StringComparer.Ordinal);

    /// <summary>Installation <paramref name="uuid"/> belongs to <paramref name="organization"/> (otherwise <see cref="DefaultOrganization"/>).</summary>
    public void SetOrganization(string uuid, string organization)
    {
        lock (gate)
        {
            organizations[uuid] = organization;
        }
    }

    /// <summary>The organization installation <paramref name="uuid"/> belongs to.</summary>
    public string OrganizationOf(string uuid)
    {
        lock (gate)
        {
            return organizations.GetValueOrDefault(uuid, DefaultOrganization);
        }
    }

    /// <summary>
    /// Sentry refreshes installation <paramref name="uuid"/>'s pair without the service learning the new one: what
    /// happens when Sentry answered a refresh but the service's state write failed. The stored refresh token is now refused.
    /// </summary>
    public void SimulateLostRefresh(string uuid)
    {
        lock (gate)
        {
            _ = IssueLocked(uuid, LifetimesLocked(uuid).Refreshed);
        }
    }

    /// <summary>Whether the manual refresh is enabled for installation <paramref name="uuid"/>'s organization (Sentry: a feature flag; here on by default).</summary>
    public void SetManualRefresh(string uuid, bool enabled)
    {
        lock (gate)
        {
            _ = enabled ? manualRefreshDisabled.Remove(uuid) : manualRefreshDisabled.Add(uuid);
        }
    }

    private void MapInstallations(WebApplication app)
    {
        app.MapPost("/api/0/sentry-app-installations/{uuid}/authorizations/", (string uuid, HttpContext http) => AuthorizeAsync(uuid, http));
        app.MapPut("/api/0/sentry-app-installations/{uuid}/", (string uuid, HttpContext http) => VerifyAsync(uuid, http));
    }

    private async Task<IResult> AuthorizeAsync(string uuid, HttpContext http)
    {
        var body = await ReadObjectAsync(http);
        var grantType = body?.GetValueOrDefault("grant_type");
        var endpoint = grantType switch
        {
            "refresh_token" => FakeSentryEndpoint.Refresh,
            ManualRefreshGrantType => FakeSentryEndpoint.ManualRefresh,
            _ => FakeSentryEndpoint.Exchange,
        };
        await ArriveAsync(uuid, endpoint);

        if (Injected(uuid, endpoint) is { } injected)
        {
            return Answer(endpoint, uuid, injected, new { detail = $"Injected failure {injected}." }, http);
        }

        if (body is null)
        {
            return Answer(endpoint, uuid, 400, new { detail = "Invalid JSON body." }, http);
        }

        if (endpoint == FakeSentryEndpoint.ManualRefresh)
        {
            return ManualRefresh(uuid, http);
        }

        if (body.GetValueOrDefault("client_id") != clientId || body.GetValueOrDefault("client_secret") != clientSecret)
        {
            return Answer(endpoint, uuid, 401, new { detail = "Invalid client credentials." }, http);
        }

        lock (gate)
        {
            switch (grantType)
            {
                case "authorization_code":
                    var code = body.GetValueOrDefault("code");
                    if (string.IsNullOrEmpty(code))
                    {
                        return Answer(endpoint, uuid, 400, new { code = new[] { "This field is required." } }, http);
                    }

                    if (!usedCodes.Add(code))
                    {
                        return Answer(endpoint, uuid, 401, new { detail = "Invalid grant: the code was already used." }, http);
                    }

                    return Answer(endpoint, uuid, 201, IssueLocked(uuid, LifetimesLocked(uuid).Exchanged), http);
                case "refresh_token":
                    if (!current.TryGetValue(uuid, out var held) || held.RefreshToken != body.GetValueOrDefault("refresh_token"))
                    {
                        return Answer(endpoint, uuid, 401, new { detail = "Invalid refresh token." }, http);
                    }

                    return Answer(endpoint, uuid, 201, IssueLocked(uuid, LifetimesLocked(uuid).Refreshed), http);
                default:
                    return Answer(endpoint, uuid, 403, new { detail = "Invalid grant_type" }, http);
            }
        }
    }

    private async Task<IResult> VerifyAsync(string uuid, HttpContext http)
    {
        var body = await ReadObjectAsync(http);
        await ArriveAsync(uuid, FakeSentryEndpoint.Verify);
        if (Injected(uuid, FakeSentryEndpoint.Verify) is { } injected)
        {
            return Answer(FakeSentryEndpoint.Verify, uuid, injected, new { detail = $"Injected failure {injected}." }, http);
        }

        var authorization = http.Request.Headers.Authorization.ToString();
        if (CurrentToken(uuid) is not { } token || authorization != "Bearer " + token)
        {
            return Answer(FakeSentryEndpoint.Verify, uuid, 401, new { detail = "Invalid token." }, http);
        }

        if (body?.GetValueOrDefault("status") != "installed")
        {
            return Answer(FakeSentryEndpoint.Verify, uuid, 400, new { status = new[] { "Must be installed." } }, http);
        }

        return Answer(FakeSentryEndpoint.Verify, uuid, 200, new
        {
            app = new { uuid = "2ebf071f-28df-4989-aca9-c37c763b278f", slug = "webhooks-galore" },
            organization = new { slug = OrganizationOf(uuid) },
            uuid,
            status = "installed",
        }, http);
    }

    /// <summary>A new token pair for <paramref name="uuid"/>, replacing (and so invalidating) the previous one, as ApiTokenSerializer shows it.</summary>
    private object IssueLocked(string uuid, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        var issued = new Issued(NewSecret(), NewSecret());
        current[uuid] = issued;
        if (!everIssued.TryGetValue(uuid, out var secrets))
        {
            everIssued[uuid] = secrets = [];
        }

        secrets.Add(issued.Token);
        secrets.Add(issued.RefreshToken);
        return new
        {
            id = (nextTokenId++).ToString(CultureInfo.InvariantCulture),
            scopes = new[] { "event:read", "org:read", "project:read", "project:write" },
            name = (string?)null,
            tokenLastCharacters = issued.Token[^4..],
            dateCreated = Stamp(now),
            expiresAt = Stamp(now + lifetime),
            state = (string?)null,
            application = (object?)null,
            token = issued.Token,
            refreshToken = issued.RefreshToken,
        };
    }

    private (TimeSpan Exchanged, TimeSpan Refreshed) LifetimesLocked(string uuid) =>
        lifetimes.TryGetValue(uuid, out var set) ? set : (TokenLifetime, TokenLifetime);

    /// <summary>
    /// The manual refresh as Sentry checks it: the flag, then a Bearer JWT, HS256 with the client secret, <c>iss</c> the
    /// client id, not expired (by the fake's clock); then the installation's token is replaced (201, ApiTokenSerializer).
    /// </summary>
    private IResult ManualRefresh(string uuid, HttpContext http)
    {
        const FakeSentryEndpoint endpoint = FakeSentryEndpoint.ManualRefresh;
        lock (gate)
        {
            if (manualRefreshDisabled.Contains(uuid))
            {
                return Answer(endpoint, uuid, 403, new { detail = "Manual token refresh is not enabled for this organization" }, http);
            }

            if (!ValidClientSecretJwt(http.Request.Headers.Authorization.ToString()))
            {
                return Answer(endpoint, uuid, 403, new { detail = "JWT credentials are missing or invalid" }, http);
            }

            if (!current.ContainsKey(uuid))
            {
                return Answer(endpoint, uuid, 401, new { detail = "The installation has no token to refresh." }, http);
            }

            return Answer(endpoint, uuid, 201, IssueLocked(uuid, LifetimesLocked(uuid).Refreshed), http);
        }
    }

    private bool ValidClientSecretJwt(string authorization)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization[7..].Split('.') is not [var header, var payload, var signature])
        {
            return false;
        }

        var expected = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), Encoding.ASCII.GetBytes(header + "." + payload)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            return false;
        }

        try
        {
            using var head = JsonDocument.Parse(FromBase64Url(header));
            using var claims = JsonDocument.Parse(FromBase64Url(payload));
            return head.RootElement.GetProperty("alg").GetString() == "HS256"
                && claims.RootElement.GetProperty("iss").GetString() == clientId
                && claims.RootElement.GetProperty("exp").GetInt64() > time.GetUtcNow().ToUnixTimeSeconds();
        }
        catch (Exception error) when (error is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}
