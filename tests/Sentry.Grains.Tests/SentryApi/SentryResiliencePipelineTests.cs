using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Sentry.Grains.SentryApi;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.SentryApi;

/// <summary>
/// The Sentry client as the grains' registration builds it (<c>AddSentryGrains</c>, after the service defaults'
/// handler on every HttpClient, as the host does), against the fake over HTTP: GETs are retried after a fast
/// transient failure, POSTs never, and a 429 goes straight back to the caller.
/// </summary>
public sealed class SentryResiliencePipelineTests : IAsyncLifetime
{
    private FakeSentry sentry = null!;
    private ServiceProvider services = null!;

    private SentryApiClient Client => services.GetRequiredService<SentryApiClient>();

    public async Task InitializeAsync()
    {
        sentry = await FakeSentry.StartAsync(ServiceHost.ClientId, ServiceHost.Secret);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sentry:BaseUrl"] = sentry.BaseUrl.ToString(),
            ["Sentry:ClientId"] = ServiceHost.ClientId,
            ["Sentry:ClientSecret"] = ServiceHost.Secret,
            ["Sentry:TokenEncryptionKey"] = GrainCluster.TokenEncryptionKey,
            ["Sentry:RequestTimeout"] = "00:00:05",
        }).Build();
        var collection = new ServiceCollection().AddLogging();
        collection.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler(resilience => resilience.Retry.DisableForUnsafeHttpMethods()));
        collection.AddSentryGrains(configuration);
        services = collection.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await sentry.DisposeAsync();
    }

    [Fact]
    public void The_pipeline_is_derived_from_the_request_timeout()
    {
        var options = services.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get($"{nameof(SentryApiClient)}-standard");
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)), (options.AttemptTimeout.Timeout, options.TotalRequestTimeout.Timeout));
        Assert.Equal(TimeSpan.FromSeconds(30), options.CircuitBreaker.SamplingDuration);
        Assert.Equal(SentryResilience.GetRetries, options.Retry.MaxRetryAttempts);
    }

    [Fact]
    public async Task A_GET_is_retried_after_a_5xx_a_POST_never()
    {
        var uuid = InstallationBodies.NewUuid();
        var token = (await Client.ExchangeCodeAsync(uuid, InstallationBodies.NewCode(), CancellationToken.None)).Token;
        sentry.SetIssue(FakeSentry.DefaultOrganization, FakeSentry.NewIssue("31"));

        sentry.FailNext(uuid, FakeSentryEndpoint.Issue, 1, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("31", (await Client.GetIssueAsync(FakeSentry.DefaultOrganization, "31", token, CancellationToken.None)).Value.Id);
        Assert.Equal([503, 200], sentry.CallsTo(FakeSentryEndpoint.Issue, uuid).Select(c => c.Status));

        var refreshToken = (await Client.ExchangeCodeAsync(uuid, InstallationBodies.NewCode(), CancellationToken.None)).RefreshToken;
        sentry.FailNext(uuid, FakeSentryEndpoint.Refresh, 1, HttpStatusCode.ServiceUnavailable);
        var refused = await Assert.ThrowsAsync<SentryApiException>(() => Client.RefreshAsync(uuid, refreshToken, CancellationToken.None));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, true), (refused.StatusCode, refused.IsTransient));
        Assert.Equal([503], sentry.CallsTo(FakeSentryEndpoint.Refresh, uuid).Select(c => c.Status)); // the refresh token was not burned by a retry
    }

    [Fact]
    public async Task A_429_is_not_retried_and_carries_its_wait()
    {
        var uuid = InstallationBodies.NewUuid();
        var token = (await Client.ExchangeCodeAsync(uuid, InstallationBodies.NewCode(), CancellationToken.None)).Token;
        sentry.SetIssue(FakeSentry.DefaultOrganization, FakeSentry.NewIssue("32"));
        sentry.FailNext(uuid, FakeSentryEndpoint.Issue, 1, HttpStatusCode.TooManyRequests);

        var limited = await Assert.ThrowsAsync<SentryApiException>(() => Client.GetIssueAsync(FakeSentry.DefaultOrganization, "32", token, CancellationToken.None));

        Assert.True(limited.IsRateLimited);
        Assert.NotNull(limited.RetryAfter); // from X-Sentry-Rate-Limit-Reset
        Assert.Equal([429], sentry.CallsTo(FakeSentryEndpoint.Issue, uuid).Select(c => c.Status));
    }
}
