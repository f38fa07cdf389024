using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;
using Sentry.Grains.Silo.Api;

namespace Sentry.Grains.Silo.Dashboard;

/// <summary>
/// Guards the Orleans dashboard with the API keys (<see cref="ApiKeys"/>), required exactly when they are for
/// <c>/api</c>. A key is accepted as <c>Authorization: Bearer &lt;key&gt;</c> (scripts), or as the password of
/// HTTP Basic with any user name: a browser asks for it when answered 401 with <c>WWW-Authenticate: Basic</c>,
/// then sends it with the dashboard's own requests. Never in the URL, never in a cookie.
/// </summary>
public sealed partial class DashboardKeyFilter(ApiKeys keys, ILogger<DashboardKeyFilter> logger) : IEndpointFilter
{
    private const string Bearer = "Bearer ";
    private const string Basic = "Basic ";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!keys.IsRequired)
        {
            return await next(context);
        }

        var http = context.HttpContext;
        var presented = PresentedKey(http.Request.Headers.Authorization.ToString());
        if (presented is null || !keys.IsValid(presented))
        {
            LogRejected(logger, http.Request.Path, presented is null ? "missing" : "invalid");
            http.Response.Headers.Append(HeaderNames.WWWAuthenticate, "Basic realm=\"Orleans dashboard\", charset=\"UTF-8\"");
            http.Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer");
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "An API key is required",
                detail: "Send Authorization: Bearer <key>, or sign in with any user name and a key from Api:Keys as the password.");
        }

        return await next(context);
    }

    /// <summary>The key in <c>Bearer &lt;key&gt;</c> or in <c>Basic base64(user:key)</c>; null when there is none.</summary>
    internal static string? PresentedKey(string authorization)
    {
        if (authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[Bearer.Length..].Trim();
        }

        if (!authorization.StartsWith(Basic, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var encoded = authorization.AsSpan(Basic.Length).Trim();
        var buffer = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            if (!Convert.TryFromBase64Chars(encoded, buffer, out var length))
            {
                return null;
            }

            var credentials = Encoding.UTF8.GetString(buffer, 0, length);
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : credentials[(colon + 1)..];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Orleans dashboard request {Path} refused: {Reason} API key")]
    private static partial void LogRejected(ILogger logger, PathString path, string reason);
}
