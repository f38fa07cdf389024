using System.Collections.Immutable;
using System.Net.Http.Headers;
using Aspire.Hosting.ApplicationModel;

namespace Sentry.Grains.Tests.Aspire;

/// <summary>One running replica of the AppHost's silo resource: the environment Aspire gave it, its URLs, and an HTTP client on its own port (not Aspire's proxy) with an API key.</summary>
public sealed class SiloReplica : IDisposable
{
    public SiloReplica(string resourceId, CustomResourceSnapshot snapshot, string apiKey)
    {
        ResourceId = resourceId;
        Environment = snapshot.EnvironmentVariables.Where(v => v.IsFromSpec && v.Value is not null)
            .ToImmutableSortedDictionary(v => v.Name, v => v.Value!, StringComparer.Ordinal);
        Urls = [.. snapshot.Urls.Select(u => u.Url)];
        Address = new Uri(Environment["ASPNETCORE_URLS"].Split(';')[0]);
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public string ResourceId { get; }
    public IReadOnlyDictionary<string, string> Environment { get; }
    public IReadOnlyList<string> Urls { get; }
    public Uri Address { get; }
    public HttpClient Http { get; }

    public int Port(string variable) => int.Parse(Environment[variable], System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => Http.Dispose();
}
