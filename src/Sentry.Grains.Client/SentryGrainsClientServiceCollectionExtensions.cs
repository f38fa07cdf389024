using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace Sentry.Grains.Client;

/// <summary>Registers <see cref="SentryGrainsClient"/> as a typed client of <see cref="IHttpClientFactory"/>.</summary>
public static class SentryGrainsClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SentryGrainsClient"/> with an <see cref="HttpClient"/> for <paramref name="baseAddress"/> that
    /// sends <c>Authorization: Bearer <paramref name="apiKey"/></c>. Returns the client's builder, e.g. to add handlers;
    /// a resilience handler's time-outs must outlast the feed's long polls (<see cref="SentryGrainsClient.DefaultWait"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="baseAddress">The service, e.g. <c>http://sentry-grains:8080/</c>.</param>
    /// <param name="apiKey">One of the service's <c>Api:Keys</c>.</param>
    public static IHttpClientBuilder AddSentryGrainsClient(this IServiceCollection services, Uri baseAddress, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        if (!baseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("The base address must be absolute, e.g. http://sentry-grains:8080/.", nameof(baseAddress));
        }

        // Relative request URIs resolve under the base address's path only when it ends with '/'.
        var root = baseAddress.AbsolutePath.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        return services.AddHttpClient<SentryGrainsClient>(http =>
        {
            http.BaseAddress = root;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        });
    }
}
