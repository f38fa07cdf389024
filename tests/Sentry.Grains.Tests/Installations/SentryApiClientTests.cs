using System.Net;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Sentry.Grains.SentryApi;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Installations;

/// <summary>The Sentry API client against the fake Sentry: bodies, answers, and failures that never carry a secret.</summary>
public sealed class SentryApiClientTests : IAsyncLifetime
{
    private const string Secret = "client-secret-for-the-client-tests";
    private FakeSentry sentry = null!;

    public async Task InitializeAsync() => sentry = await FakeSentry.StartAsync("client-id", Secret);

    public async Task DisposeAsync() => await sentry.DisposeAsync();

    /// <summary>A client with a generous timeout (a loaded machine may be slow to answer), except where the timeout is the subject.</summary>
    private SentryApiClient Client(string secret = Secret, Uri? baseUrl = null, TimeSpan? timeout = null) =>
        new(new HttpClient { BaseAddress = baseUrl ?? sentry.BaseUrl, Timeout = timeout ?? TimeSpan.FromSeconds(30) },
            Options.Create(new SentryOptions { ClientId = "client-id", ClientSecret = secret }),
            TimeProvider.System);

    [Fact]
    public async Task Exchange_verify_refresh()
    {
        var uuid = InstallationBodies.NewUuid();
        var client = Client();

        var grant = await client.ExchangeCodeAsync(uuid, "code-1", CancellationToken.None);
        Assert.Equal(sentry.CurrentToken(uuid), grant.Token);
        Assert.Contains("org:read", grant.Scopes);
        Assert.DoesNotContain(grant.Token, grant.ToString(), StringComparison.Ordinal);
        await client.VerifyInstallationAsync(uuid, grant.Token, CancellationToken.None);

        var refreshed = await client.RefreshAsync(uuid, grant.RefreshToken, CancellationToken.None);
        Assert.NotEqual(grant.Token, refreshed.Token);
        var reused = await Assert.ThrowsAsync<SentryApiException>(() => client.RefreshAsync(uuid, grant.RefreshToken, CancellationToken.None));
        Assert.Equal((HttpStatusCode.Unauthorized, false), (reused.StatusCode, reused.IsTransient));
        Assert.DoesNotContain(grant.RefreshToken, reused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_used_code_or_wrong_secret_is_refused_without_echoing_secrets()
    {
        var uuid = InstallationBodies.NewUuid();
        await Client().ExchangeCodeAsync(uuid, "code-2", CancellationToken.None);

        var reused = await Assert.ThrowsAsync<SentryApiException>(() => Client().ExchangeCodeAsync(uuid, "code-2", CancellationToken.None));
        Assert.False(reused.IsTransient);
        Assert.StartsWith("Sentry answered 401 Unauthorized to the code exchange: Invalid grant", reused.Message, StringComparison.Ordinal);

        var wrong = await Assert.ThrowsAsync<SentryApiException>(() => Client("wrong-secret").ExchangeCodeAsync(uuid, "code-3", CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.DoesNotContain("wrong-secret", wrong.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("code-3", wrong.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    public async Task Server_errors_are_transient_client_errors_are_not(HttpStatusCode status, bool transient)
    {
        var uuid = InstallationBodies.NewUuid();
        sentry.FailNext(uuid, FakeSentryEndpoint.Exchange, 1, status);
        var error = await Assert.ThrowsAsync<SentryApiException>(() => Client().ExchangeCodeAsync(uuid, "code", CancellationToken.None));
        Assert.Equal((status, transient), (error.StatusCode, error.IsTransient));
        Assert.Contains("Injected failure", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_answer_is_transient()
    {
        var refused = await Assert.ThrowsAsync<SentryApiException>(() =>
            Client(baseUrl: new Uri($"http://127.0.0.1:{FreePorts.Next()}/")).ExchangeCodeAsync("u", "code", CancellationToken.None));
        Assert.Equal((null, true), (refused.StatusCode, refused.IsTransient));
        Assert.StartsWith("Sentry could not be reached for the code exchange", refused.Message, StringComparison.Ordinal);

        var uuid = InstallationBodies.NewUuid();
        sentry.SlowDown(uuid, TimeSpan.FromSeconds(3));
        var slow = await Assert.ThrowsAsync<SentryApiException>(() => Client(timeout: TimeSpan.FromSeconds(1)).ExchangeCodeAsync(uuid, "code", CancellationToken.None));
        Assert.Equal((null, true), (slow.StatusCode, slow.IsTransient));
        Assert.Equal("Sentry did not answer the code exchange within 1 s.", slow.Message);
    }

    [Fact]
    public async Task Whatever_the_pipeline_throws_is_a_SentryApiException_without_secrets()
    {
        var broken = await Assert.ThrowsAsync<SentryApiException>(() =>
            Throwing(new BrokenCircuitException(TimeSpan.FromSeconds(7))).RefreshAsync("u", "refresh-secret", CancellationToken.None));
        Assert.Equal((null, true, TimeSpan.FromSeconds(7)), (broken.StatusCode, broken.IsTransient, broken.RetryAfter));
        Assert.StartsWith("Calls to Sentry are paused after repeated failures", broken.Message, StringComparison.Ordinal);

        var timeout = await Assert.ThrowsAsync<SentryApiException>(() =>
            Throwing(new TimeoutRejectedException(TimeSpan.FromSeconds(3))).ExchangeCodeAsync("u", "code", CancellationToken.None));
        Assert.Equal(("Sentry did not answer the code exchange within 3 s.", true), (timeout.Message, timeout.IsTransient));

        var unexpected = await Assert.ThrowsAsync<SentryApiException>(() =>
            Throwing(new InvalidOperationException("boom with refresh-secret in it")).RefreshAsync("u", "refresh-secret", CancellationToken.None));
        Assert.True(unexpected.IsTransient);
        Assert.Equal("The token refresh failed unexpectedly (InvalidOperationException): boom with *** in it", unexpected.Message);
        Assert.IsType<InvalidOperationException>(unexpected.InnerException);
    }

    [Fact]
    public async Task The_callers_own_cancellation_stays_a_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().ExchangeCodeAsync("u", "code", cancelled.Token));
    }

    private static SentryApiClient Throwing(Exception error) =>
        new(new HttpClient(new ThrowingHandler(error)) { BaseAddress = new Uri("http://127.0.0.1:9/") },
            Options.Create(new SentryOptions { ClientId = "client-id", ClientSecret = Secret }),
            TimeProvider.System);

    private sealed class ThrowingHandler(Exception error) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromException<HttpResponseMessage>(error);
    }
}
