using Sentry.Grains.ReadModel;

namespace Sentry.Grains.Silo.Api;

/// <summary>Answers a list request from a read-model page: the rows and the <c>next</c> link with an opaque cursor.</summary>
internal static class ReadModelLists
{
    public static IResult Answer<TRow>(HttpRequest request, Page<TRow> page) where TRow : ReadModelRow =>
        TypedResults.Ok(new ListResponse<TRow>(page.Rows, page.Next is { } next ? QueryString.NextLink(request, "cursor", PageCursors.Of(next)) : null));
}
