using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// A tiny OTLP/HTTP receiver on 127.0.0.1: accepts <c>POST /v1/traces</c>, <c>/v1/metrics</c> and
/// <c>/v1/logs</c> (protobuf) and keeps each body. Protobuf writes strings as raw UTF-8, so tests can
/// look for instrument names and tag values in the bytes.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private OtlpReceiver(WebApplication app, Uri endpoint, ConcurrentQueue<(string Path, byte[] Body)> requests)
    {
        this.app = app;
        Endpoint = endpoint;
        Requests = requests;
    }

    public Uri Endpoint { get; }

    public ConcurrentQueue<(string Path, byte[] Body)> Requests { get; }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var requests = new ConcurrentQueue<(string Path, byte[] Body)>();
        var (app, address) = await LoopbackApp.StartAsync(app => app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            requests.Enqueue(($"/v1/{signal}", body.ToArray()));
            return Results.Ok();
        }));
        return new OtlpReceiver(app, address, requests);
    }

    public bool Received(string path, string text) =>
        Requests.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
