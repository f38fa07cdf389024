using System.Net;
using System.Net.Http.Headers;
using Sentry.Grains.Aspire;
using Sentry.Grains.Silo.Database;
using Sentry.Grains.Silo.Webhooks;
using Sentry.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sentry.Grains.Tests.Aspire;

/// <summary>
/// The contract without Aspire: the real Silo binary, started with exactly the environment the AppHost gives
/// a replica (<see cref="AppHostContract.SiloEnvironment"/>, which <see cref="AppHostTests"/> compares with a
/// real replica's) plus an OTLP endpoint of the test's own, on an empty database of the test PostgreSQL,
/// applies the schema, joins the cluster, serves webhooks and the API, and exports OTLP (what the AppHost
/// test cannot see: Aspire.Hosting.Testing runs without the dashboard that receives it).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AppHostEnvironmentTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_replicas_with_the_apphost_environment_join_one_cluster_and_serve_webhooks()
    {
        var connectionString = await PostgresServer.Instance.CreateDatabaseAsync("apphost");
        await using var otlp = await OtlpReceiver.StartAsync();
        var secrets = new AppHostSecrets("apphost-client", ServiceHost.Secret, Convert.ToBase64String(new byte[32]), ServiceHost.ApiKey);
        var ports = new[] { SiloPorts.Free(), SiloPorts.Free() };
        var replicas = ports.Select((p, i) => SiloProcess.Start(
            $"apphost-{i}",
            p,
            AppHostContract.SiloEnvironment(connectionString, p.Http, p.Silo, p.Gateway, secrets, otlpEndpoint: otlp.Endpoint.ToString()))).ToList();
        try
        {
            await Task.WhenAll(replicas.Select(r => r.WaitUntilReadyAsync(TimeSpan.FromSeconds(120))));

            var active = await DatabaseSnapshot.ScalarAsync(connectionString, $"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{AppHostContract.ClusterId}' AND status = 3");
            Assert.Equal("2", active);
            Assert.Equal(SchemaMigrations.All.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), await DatabaseSnapshot.ScalarAsync(connectionString, "SELECT count(*) FROM sentry_grains_schema_version"));

            var body = Fixtures.Bytes("issue.created");
            using var webhook = new HttpRequestMessage(HttpMethod.Post, WebhookEndpoint.Path) { Content = new ByteArrayContent(body) };
            webhook.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            webhook.Headers.Add(SentryHeaders.Resource, "issue");
            webhook.Headers.Add(SentryHeaders.RequestId, TestDeliveries.NewRequestId());
            webhook.Headers.Add(SentryHeaders.Timestamp, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            webhook.Headers.Add(SentryHeaders.Signature, WebhookSignature.Sign(body, secrets.ClientSecret));
            using var answer = await replicas[0].Http.SendAsync(webhook);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("\"outcome\":\"applied\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // Read back through the other replica: one cluster, one grain, state in PostgreSQL.
            using var issue = await replicas[1].Http.GetAsync("/api/issues/1234567890");
            Assert.Equal(HttpStatusCode.OK, issue.StatusCode);
            Assert.Contains("\"shortId\":\"PYTHON-Y\"", await issue.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            await Eventually.UntilAsync(() => otlp.Received("/v1/metrics", "sentry_grains.webhooks"), "the replicas' metrics at the OTLP endpoint Aspire gives them", TimeSpan.FromSeconds(30));
            output.WriteLine($"2 replicas active in '{AppHostContract.ClusterId}'; schema applied on start; webhook applied on one, read on the other; OTLP received {otlp.Requests.Count} exports");
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }
}
