using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Silo.Api;

/// <summary>Grain keys in query routes are checked against the same shapes as the webhooks' key fields, and used canonically.</summary>
internal static class RouteKeys
{
    /// <summary>The canonical key in <paramref name="raw"/>, or a 400 problem naming what <paramref name="what"/> must look like.</summary>
    public static bool TryRead(KeyShape shape, string raw, string what, out string key, out IResult problem)
    {
        if (shape.TryCanonicalize(raw, out key))
        {
            problem = TypedResults.Ok();
            return true;
        }

        problem = TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: $"Not a {what} id",
            detail: $"{KeyShapes.Quote(raw)} is not a {what} id: it must be {shape.Describe()}.");
        return false;
    }
}
