using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Http;

/// <summary>GET /openapi/v1.json documents every /api route and its problem-details answers.</summary>
public sealed class OpenApiTests(ServiceHostFixture fixture) : IClassFixture<ServiceHostFixture>
{
    [Fact]
    public async Task The_document_lists_every_api_route_with_problem_details()
    {
        var document = (await fixture.Host.Webhooks.GetJsonAsync("/openapi/v1.json"))!.Value;
        var paths = document.GetProperty("paths");

        var apiRoutes = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .Where(p => p.StartsWith("/api/", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.Contains("/api/issues/{id}", apiRoutes);
        Assert.Contains("/api/seer-runs/{runId}", apiRoutes);
        foreach (var route in apiRoutes)
        {
            Assert.True(paths.TryGetProperty(route, out var path), $"{route} is not in the OpenAPI document");
            foreach (var operation in path.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete"))
            {
                var problems = operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4')).ToList();
                Assert.NotEmpty(problems);
                Assert.All(problems, r => Assert.True(r.Value.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{route} {r.Name}"));
            }
        }

        Assert.True(paths.TryGetProperty("/webhooks/sentry", out _));
    }
}
