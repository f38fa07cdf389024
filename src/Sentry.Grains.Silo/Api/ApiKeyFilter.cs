using Microsoft.Net.Http.Headers;

namespace Sentry.Grains.Silo.Api;

/// <summary>
/// Guards the <c>/api</c> group: <c>Authorization: Bearer &lt;key&gt;</c> with one of <c>Api:Keys</c>, or 401 problem
/// details. Open only in Development with no key configured. The webhook and health endpoints are outside the group.
/// </summary>
public sealed partial class ApiKeyFilter(ApiKeys keys, ILogger<ApiKeyFilter> logger) : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!keys.IsRequired)
        {
            return await next(context);
        }

        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Reject(http, "missing", "Send the header Authorization: Bearer <key> with a key from Api:Keys.");
        }

        if (!keys.IsValid(header.AsSpan(Scheme.Length).Trim()))
        {
            return Reject(http, "invalid", "The API key is not one of Api:Keys.");
        }

        return await next(context);
    }

    private IResult Reject(HttpContext http, string reason, string detail)
    {
        LogRejected(logger, http.Request.Method, http.Request.Path, reason);
        http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "An API key is required", detail: detail);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API request {Method} {Path} refused: {Reason} API key")]
    private static partial void LogRejected(ILogger logger, string method, PathString path, string reason);
}
