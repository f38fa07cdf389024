namespace Sentry.Grains.Silo.Api;

/// <summary>Answers shared by the query API's endpoints.</summary>
internal static class ApiResults
{
    public static IResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No {what} '{id}' has been seen.");

    public static IResult OkOrNotFound<T>(T? value, string what, string id) where T : class =>
        value is null ? NotFound(what, id) : TypedResults.Ok(value);
}
