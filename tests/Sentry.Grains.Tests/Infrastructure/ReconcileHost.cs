using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// The real service on 127.0.0.1 against a <see cref="FakeSentry"/> (an API key configured and sent), with its logs and
/// <c>Sentry.Grains</c> metrics captured: for the reconciliation tests, which install an installation, send issue
/// webhooks through it, and make the fake's issues drift from them.
/// </summary>
public sealed class ReconcileHost : IAsyncDisposable
{
    private ReconcileHost(FakeSentry sentry, ServiceHost host, LogCapture logs)
    {
        Sentry = sentry;
        Host = host;
        Logs = logs;
        Metrics = new MetricsCollector(host.Services);
    }

    public FakeSentry Sentry { get; }
    public ServiceHost Host { get; }
    public LogCapture Logs { get; }
    public MetricsCollector Metrics { get; }

    public static async Task<ReconcileHost> StartAsync(params string[] settings)
    {
        var sentry = await FakeSentry.StartAsync(ServiceHost.ClientId, ServiceHost.Secret);
        var logs = new LogCapture();
        var host = await ServiceHost.StartAsync(logs.AttachTo, [$"--Sentry:BaseUrl={sentry.BaseUrl}", $"--Api:Keys:0={ServiceHost.ApiKey}", .. settings]);
        host.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServiceHost.ApiKey);
        return new ReconcileHost(sentry, host, logs);
    }

    /// <summary>A new installation of <paramref name="organization"/>, created by its webhook and installed through the fake.</summary>
    public async Task<string> InstallAsync(string organization = FakeSentry.DefaultOrganization)
    {
        var uuid = InstallationBodies.NewUuid();
        Sentry.SetOrganization(uuid, organization);
        var body = JsonNode.Parse(InstallationBodies.Created(uuid, InstallationBodies.NewCode()))!;
        body["data"]!["installation"]!["organization"]!["slug"] = organization;
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("installation", Encoding.UTF8.GetBytes(body.ToJsonString())));
        await Eventually.ThatAsync(
            () => Host.Webhooks.GetJsonAsync($"/api/installations/{uuid}"),
            installation => installation?.GetProperty("status").GetString() == "installed",
            $"installation {uuid} installed");
        return uuid;
    }

    /// <summary>
    /// Issue <paramref name="issueId"/> created through installation <paramref name="uuid"/>: its <c>issue.created</c> webhook
    /// applied, and the fake's API holding exactly what the webhook said (no drift yet). Returns the issue as the fake holds it.
    /// </summary>
    public async Task<JsonObject> CreateIssueAsync(string uuid, string issueId, string organization = FakeSentry.DefaultOrganization)
    {
        var issue = IssueBodies.Issue(issueId);
        Sentry.SetIssue(organization, issue);
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", IssueBodies.Body("created", uuid, issue)));
        return issue;
    }

    public async Task<JsonElement> IssueAsync(string issueId) =>
        await Host.Webhooks.GetJsonAsync($"/api/issues/{issueId}") ?? throw new Xunit.Sdk.XunitException($"issue {issueId} is 404");

    /// <summary>The change feed's entries of <paramref name="key"/> (every kind), oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> ChangesOfAsync(string key, string kinds = "issue,comment")
    {
        var entries = new List<JsonElement>();
        var after = "";
        while (true)
        {
            var page = (await Host.Webhooks.GetJsonAsync($"/api/changes?kinds={kinds}&limit=1000{(after.Length > 0 ? "&after=" + after : "")}"))!.Value;
            var batch = page.GetProperty("entries").EnumerateArray().ToList();
            entries.AddRange(batch.Where(e => e.GetProperty("key").GetString() == key));
            if (batch.Count == 0)
            {
                return entries;
            }

            after = page.GetProperty("next").GetString()!;
        }
    }

    /// <summary><c>POST /api/issues/{id}/reconcile</c>: the status code and the JSON answer.</summary>
    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> ReconcileAsync(string issueId)
    {
        var response = await Host.Http.PostAsync($"/api/issues/{issueId}/reconcile", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return ((int)response.StatusCode, body, response);
    }

    /// <summary>The sum of a counter's measurements whose tag <paramref name="tag"/> is <paramref name="value"/>.</summary>
    public double Counted(string instrument, string tag, string value) =>
        Metrics.Of(instrument).Where(m => m.Tags.GetValueOrDefault(tag) == value).Sum(m => m.Value);

    public async ValueTask DisposeAsync()
    {
        Metrics.Dispose();
        await Host.DisposeAsync();
        await Sentry.DisposeAsync();
    }
}

/// <summary>One <see cref="ReconcileHost"/> for a whole test class, with that class's settings.</summary>
public abstract class ReconcileHostFixture(params string[] settings) : IAsyncLifetime
{
    private ReconcileHost? host;

    public ReconcileHost Host => host ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => host = await ReconcileHost.StartAsync(settings);

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
