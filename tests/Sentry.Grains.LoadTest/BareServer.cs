using System.Security.Cryptography;
using System.Text;

namespace Sentry.Grains.LoadTest;

/// <summary>
/// The baseline: the simplest possible receiver on Kestrel. It reads the body, verifies the HMAC
/// the same way Sentry.Grains does, and answers 200. No Orleans, no parsing, no state.
/// Run as <c>Sentry.Grains.LoadTest --bare-server PORT SECRET</c>, in its own process.
/// </summary>
public static class BareServer
{
    public static async Task RunAsync(int port, string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var key = Encoding.UTF8.GetBytes(secret);
        app.MapGet("/health/ready", () => Results.Ok());
        app.MapPost("/webhooks/sentry", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var header = request.Headers["Sentry-Hook-Signature"].ToString();
            var expected = HMACSHA256.HashData(key, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            var given = header.Length == 64 ? Convert.FromHexString(header) : [];
            return CryptographicOperations.FixedTimeEquals(expected, given) ? Results.Ok() : Results.Unauthorized();
        });
        await app.RunAsync();
    }
}
