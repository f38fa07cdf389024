using System.Net;
using System.Text;
using System.Text.Json;
using Sentry.Grains.Silo.Dashboard;
using Sentry.Grains.Tests.Http;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Aspire;

/// <summary>
/// Orleans' dashboard on the silo at <c>/dashboard</c> (linked from the Aspire dashboard): open in Development
/// without keys; otherwise it wants an API key, as a Bearer token or as the password of HTTP Basic (a browser).
/// </summary>
public sealed class OrleansDashboardTests(ApiKeyTests.ProductionHost production) : IClassFixture<ApiKeyTests.ProductionHost>
{
    [Fact]
    public async Task In_development_without_keys_the_dashboard_answers_and_shows_this_silo()
    {
        await using var host = await ServiceHost.StartAsync();

        using var page = await host.Http.GetAsync(OrleansDashboard.Path + "/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        // The dashboard's own API: the cluster's silos, this one among them (503 until its grains have started).
        var counters = await Eventually.ThatAsync(
            async () =>
            {
                using var response = await host.Http.GetAsync(OrleansDashboard.Path + "/DashboardCounters");
                return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement : (JsonElement?)null;
            },
            json => json?.GetProperty("totalActiveHostCount").GetInt32() == 1,
            "the dashboard to count this silo");
        Assert.Equal(1, counters!.Value.GetProperty("hosts").GetArrayLength());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("Bearer wrong-key-0123456789abcdef", HttpStatusCode.Unauthorized)]
    [InlineData("Bearer " + ServiceHost.ApiKey, HttpStatusCode.OK)]
    [InlineData("Basic operator:" + ServiceHost.ApiKey, HttpStatusCode.OK)]
    [InlineData("Basic :" + ApiKeyTests.RotatedKey, HttpStatusCode.OK)]
    [InlineData("Basic operator:wrong-key-0123456789abcdef", HttpStatusCode.Unauthorized)]
    [InlineData("Basic " + ServiceHost.ApiKey, HttpStatusCode.Unauthorized)]
    public async Task Outside_development_the_dashboard_wants_an_api_key(string? authorization, HttpStatusCode expected)
    {
        foreach (var path in new[] { OrleansDashboard.Path + "/", OrleansDashboard.Path + "/ClusterStats", OrleansDashboard.Path + "/Trace" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", Encode(authorization));
            }

            // The log stream (/Trace) answers its headers and keeps streaming: read the status only.
            using var response = await production.Host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

            Assert.True(expected == response.StatusCode, $"{path}: {(int)response.StatusCode}");
            if (expected == HttpStatusCode.Unauthorized)
            {
                Assert.Contains(response.Headers.WwwAuthenticate, value => value.Scheme == "Basic");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    /// <summary><c>Basic user:password</c> in clear, as written in the cases, to what a browser sends (base64).</summary>
    private static string Encode(string authorization) =>
        authorization.StartsWith("Basic ", StringComparison.Ordinal) && authorization.Contains(':', StringComparison.Ordinal)
            ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(authorization["Basic ".Length..]))
            : authorization;
}
