using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Http;

/// <summary>Outside Development the internal API wants <c>Authorization: Bearer</c> with one of <c>Api:Keys</c>; webhooks and health stay open.</summary>
public sealed class ApiKeyTests(ApiKeyTests.ProductionHost fixture) : IClassFixture<ApiKeyTests.ProductionHost>
{
    public const string RotatedKey = "previous-api-key-fedcba9876543210";

    private ServiceHost Host => fixture.Host;

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("Bearer wrong-key-0123456789abcdef", HttpStatusCode.Unauthorized)]
    [InlineData("Bearer " + ServiceHost.ApiKey + "x", HttpStatusCode.Unauthorized)]
    [InlineData("Basic " + ServiceHost.ApiKey, HttpStatusCode.Unauthorized)]
    [InlineData("Bearer " + ServiceHost.ApiKey, HttpStatusCode.OK)]
    [InlineData("bearer " + RotatedKey, HttpStatusCode.OK)]
    public async Task The_api_wants_a_configured_key(string? authorization, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/installations");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await Host.Http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(401, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
            Assert.Contains(response.Headers.WwwAuthenticate, value => value.Scheme == "Bearer");
        }
    }

    [Fact]
    public async Task Every_api_route_is_protected()
    {
        foreach (var path in new[] { "/api/issues/1", "/api/installations/x", "/api/installations/x/token", "/api/seer-runs/1", "/api/metric-alerts/1" })
        {
            using var response = await Host.Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)response.StatusCode}");
        }

        using var authorized = new HttpRequestMessage(HttpMethod.Get, "/api/issues/1");
        authorized.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServiceHost.ApiKey);
        using var notFound = await Host.Http.SendAsync(authorized);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
    }

    [Fact]
    public async Task Webhooks_and_health_need_no_api_key()
    {
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal("applied", await Host.Webhooks.SendFixtureAsync("metric_alert.critical"));
        using var unsigned = await Host.Webhooks.SendAsync("issue", Fixtures.Bytes("issue.created"), sign: false);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode); // its own signature check still applies
    }

    /// <summary>The service in Production, with two API keys (one being rotated out).</summary>
    public sealed class ProductionHost : IAsyncLifetime
    {
        public ServiceHost Host { get; private set; } = null!;

        public async Task InitializeAsync() => Host = await ServiceHost.StartAsync(
            "--environment=Production", $"--Api:Keys:0={ServiceHost.ApiKey}", $"--Api:Keys:1={RotatedKey}");

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }
}
