using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sentry.Grains.Silo.Webhooks;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Cluster;

/// <summary>One answer to one attempt: the HTTP status and outcome, or no answer (connection error, timeout).</summary>
public sealed record AttemptResult(string Key, int Silo, int? Status, string? Outcome, string? Error, DateTimeOffset At);

/// <summary>
/// Sends a <see cref="LoadPlan"/> across the HTTP ports of several silos, as a load balancer would:
/// round robin, and a request that got no answer at all (connection refused or reset, timeout) is
/// retried against the next silo with the same Request-ID. A request that got an answer, even 503,
/// is not retried here: that is Sentry's job (see <see cref="RedeliverAsync"/>).
/// </summary>
public sealed class LoadClient : IDisposable
{
    private readonly HttpClient[] silos;
    private readonly ConcurrentQueue<AttemptResult> attempts = new();
    private readonly ConcurrentDictionary<string, bool> acknowledged = new(StringComparer.Ordinal);
    private readonly long[] downUntil;
    private int next;
    private int completed;

    public LoadClient(IEnumerable<int> httpPorts)
    {
        silos =
        [
            .. httpPorts.Select(port => new HttpClient(new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(5),
                MaxConnectionsPerServer = 32,
            })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromSeconds(60),
            }),
        ];
        downUntil = new long[silos.Length];
    }

    /// <summary>How long a silo that refused a connection is left out of the rotation, as a load balancer's health check would.</summary>
    public static readonly TimeSpan DownFor = TimeSpan.FromSeconds(3);

    public IReadOnlyCollection<AttemptResult> Attempts => attempts;

    /// <summary>Webhooks that got an answer or gave up so far.</summary>
    public int Completed => Volatile.Read(ref completed);

    /// <summary>Sends every issue's webhooks in order, <paramref name="parallelIssues"/> issues at a time.</summary>
    public Task SendAsync(LoadPlan plan, int parallelIssues) =>
        Parallel.ForEachAsync(plan.ByIssue, new ParallelOptions { MaxDegreeOfParallelism = parallelIssues }, async (webhooks, _) =>
        {
            foreach (var webhook in webhooks)
            {
                await DeliverAsync(webhook, Guid.NewGuid().ToString("N"));
                Interlocked.Increment(ref completed);
            }
        });

    /// <summary>
    /// Sentry's retry of every webhook that did not get a 200: the same body with a new Request-ID,
    /// in each issue's order, until it is answered 200.
    /// </summary>
    public Task RedeliverAsync(LoadPlan plan, int parallelIssues) =>
        Parallel.ForEachAsync(plan.ByIssue, new ParallelOptions { MaxDegreeOfParallelism = parallelIssues }, async (webhooks, _) =>
        {
            foreach (var webhook in webhooks.Where(w => !Acknowledged(w.Key)))
            {
                for (var round = 0; round < 10 && !Acknowledged(webhook.Key); round++)
                {
                    await DeliverAsync(webhook, Guid.NewGuid().ToString("N"));
                    if (!Acknowledged(webhook.Key))
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1));
                    }
                }
            }
        });

    /// <summary>True once the webhook got a 200.</summary>
    public bool Acknowledged(string key) => acknowledged.ContainsKey(key);

    private async Task DeliverAsync(PlannedWebhook webhook, string requestId)
    {
        var silo = NextSilo(-1);
        for (var attempt = 0; attempt < 3 * silos.Length; attempt++)
        {
            if (attempt > 0)
            {
                silo = NextSilo(silo);
            }

            var result = await SendOnceAsync(silo, webhook, requestId);
            attempts.Enqueue(result);
            if (result.Status is null)
            {
                Volatile.Write(ref downUntil[silo], Environment.TickCount64 + (long)DownFor.TotalMilliseconds);
            }

            if (result.Status == 200)
            {
                acknowledged[webhook.Key] = true;
            }

            if (result.Status is not null)
            {
                return;
            }

            await Task.Delay(50 * attempt);
        }
    }

    /// <summary>Round robin over the silos not marked down; after <paramref name="previous"/> (a retry), a different one.</summary>
    private int NextSilo(int previous)
    {
        var now = Environment.TickCount64;
        for (var i = 0; i < silos.Length; i++)
        {
            var candidate = previous < 0
                ? (int)((uint)Interlocked.Increment(ref next) % (uint)silos.Length)
                : (previous + 1 + i) % silos.Length;
            if (candidate != previous && Volatile.Read(ref downUntil[candidate]) <= now)
            {
                return candidate;
            }
        }

        return previous < 0 ? 0 : (previous + 1) % silos.Length;
    }

    private async Task<AttemptResult> SendOnceAsync(int silo, PlannedWebhook webhook, string requestId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookEndpoint.Path) { Content = new ByteArrayContent(webhook.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(SentryHeaders.Resource, webhook.Resource);
        request.Headers.Add(SentryHeaders.RequestId, requestId);
        request.Headers.Add(SentryHeaders.Timestamp, webhook.Timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SentryHeaders.Signature, WebhookSignature.Sign(webhook.Body, ServiceHost.Secret));
        try
        {
            using var response = await silos[silo].SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var outcome = response.StatusCode == HttpStatusCode.OK
                ? JsonDocument.Parse(text).RootElement.GetProperty("outcome").GetString()
                : null;
            return new AttemptResult(webhook.Key, silo, (int)response.StatusCode, outcome, response.IsSuccessStatusCode ? null : text, DateTimeOffset.UtcNow);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
        {
            return new AttemptResult(webhook.Key, silo, null, null, error.GetType().Name + ": " + error.Message, DateTimeOffset.UtcNow);
        }
    }

    public void Dispose()
    {
        foreach (var silo in silos)
        {
            silo.Dispose();
        }
    }
}
