using System.Net;
using Microsoft.Extensions.Options;
using Sentry.Grains.SentryApi;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.SentryApi;

/// <summary>Sentry's manual refresh (jwt-bearer grant, a JWT signed with the client secret) against the fake.</summary>
public sealed class ManualRefreshTests : IAsyncLifetime
{
    private const string Secret = "client-secret-for-the-manual-refresh";
    private FakeSentry sentry = null!;

    public async Task InitializeAsync() => sentry = await FakeSentry.StartAsync("client-id", Secret);

    public async Task DisposeAsync() => await sentry.DisposeAsync();

    [Fact]
    public async Task A_lost_pair_is_replaced_without_a_refresh_token()
    {
        var uuid = InstallationBodies.NewUuid();
        var grant = await Client().ExchangeCodeAsync(uuid, "code", CancellationToken.None);
        sentry.SimulateLostRefresh(uuid);
        var refused = await Assert.ThrowsAsync<SentryApiException>(() => Client().RefreshAsync(uuid, grant.RefreshToken, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var recovered = await Client().ManualRefreshAsync(uuid, CancellationToken.None);

        Assert.Equal(sentry.CurrentToken(uuid), recovered.Token);
        Assert.Equal(201, Assert.Single(sentry.CallsTo(FakeSentryEndpoint.ManualRefresh, uuid)).Status);
        var next = await Client().RefreshAsync(uuid, recovered.RefreshToken, CancellationToken.None); // the recovered pair refreshes as usual
        Assert.Equal(sentry.CurrentToken(uuid), next.Token);
    }

    [Fact]
    public async Task Without_the_feature_or_with_a_wrong_secret_it_is_refused()
    {
        var uuid = InstallationBodies.NewUuid();
        await Client().ExchangeCodeAsync(uuid, "code", CancellationToken.None);

        var wrong = await Assert.ThrowsAsync<SentryApiException>(() => Client("wrong-secret").ManualRefreshAsync(uuid, CancellationToken.None));
        Assert.Equal((HttpStatusCode.Forbidden, false), (wrong.StatusCode, wrong.IsTransient));
        Assert.DoesNotContain("wrong-secret", wrong.Message, StringComparison.Ordinal);

        sentry.SetManualRefresh(uuid, enabled: false);
        var disabled = await Assert.ThrowsAsync<SentryApiException>(() => Client().ManualRefreshAsync(uuid, CancellationToken.None));
        Assert.Equal("Sentry answered 403 Forbidden to the manual token refresh: Manual token refresh is not enabled for this organization", disabled.Message);
    }

    [Fact]
    public void The_jwt_is_HS256_over_the_client_secret_with_the_client_id_as_issuer()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var parts = SentryClientSecretJwt.Create("client-id", Secret, now).Split('.');

        Assert.Equal(3, parts.Length);
        Assert.Equal("""{"alg":"HS256","typ":"JWT"}""", System.Text.Encoding.UTF8.GetString(FromBase64Url(parts[0])));
        using var claims = System.Text.Json.JsonDocument.Parse(FromBase64Url(parts[1]));
        Assert.Equal(("client-id", now.ToUnixTimeSeconds() + 60), (claims.RootElement.GetProperty("iss").GetString(), claims.RootElement.GetProperty("exp").GetInt64()));
        var expected = SentryClientSecretJwt.Encode(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(Secret), System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1])));
        Assert.Equal(expected, parts[2]);
    }

    private SentryApiClient Client(string secret = Secret) =>
        new(new HttpClient { BaseAddress = sentry.BaseUrl, Timeout = TimeSpan.FromSeconds(30) },
            Options.Create(new SentryOptions { ClientId = "client-id", ClientSecret = secret }),
            TimeProvider.System);

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}
