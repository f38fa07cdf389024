using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sentry.Grains.Silo.Webhooks;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>Sends webhooks the way Sentry does: raw bytes, signed, with Request-ID and timestamp.</summary>
public sealed class WebhookClient(HttpClient http, string secret)
{
    private long clock;

    /// <summary>
    /// A Sentry-Hook-Timestamp for the next webhook: an hour before now (so a test may add minutes to it and stay within
    /// <c>Webhooks:MaxClockSkew</c>), never earlier than the previous one: deliveries sent one after another are in order
    /// (equal seconds apply in arrival order).
    /// </summary>
    public long NextTimestamp()
    {
        var now = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        var previous = Interlocked.Read(ref clock);
        while (now > previous && Interlocked.CompareExchange(ref clock, now, previous) != previous)
        {
            previous = Interlocked.Read(ref clock);
        }

        return Math.Max(now, Interlocked.Read(ref clock));
    }

    public Task<HttpResponseMessage> SendAsync(
        string resource,
        byte[] body,
        string? requestId = null,
        long? timestamp = null,
        string? signature = null,
        bool sign = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookEndpoint.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(SentryHeaders.Resource, resource);
        request.Headers.Add(SentryHeaders.RequestId, requestId ?? TestDeliveries.NewRequestId());
        request.Headers.Add(SentryHeaders.Timestamp, (timestamp ?? NextTimestamp()).ToString(CultureInfo.InvariantCulture));
        if (sign)
        {
            request.Headers.Add(SentryHeaders.Signature, signature ?? WebhookSignature.Sign(body, secret));
        }

        return http.SendAsync(request);
    }

    /// <summary>Sends and expects 200; returns the outcome.</summary>
    public async Task<string> SendOkAsync(string resource, byte[] body, string? requestId = null, long? timestamp = null)
    {
        using var response = await SendAsync(resource, body, requestId, timestamp);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("outcome").GetString()!;
    }

    public Task<string> SendFixtureAsync(string fixture, long? timestamp = null) =>
        SendOkAsync(Fixtures.ResourceOf(fixture), Fixtures.Bytes(fixture), timestamp: timestamp);

    public async Task<JsonElement?> GetJsonAsync(string path)
    {
        using var response = await http.GetAsync(path);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
