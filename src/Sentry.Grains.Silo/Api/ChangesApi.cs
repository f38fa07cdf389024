using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Silo.Configuration;

namespace Sentry.Grains.Silo.Api;

/// <summary>
/// The change feed: every applied change (not duplicate, stale or ignored) once, in order per key, with no gaps.
/// <c>GET /api/changes?after=&amp;kinds=&amp;limit=&amp;wait=</c> (long-poll) and <c>GET /api/changes/stream</c>
/// (Server-Sent Events, resumable with <c>Last-Event-ID</c>). A cursor behind <c>Changes:Retention</c> is 410.
/// </summary>
public static class ChangesApi
{
    public static RouteGroupBuilder MapChangesApi(this RouteGroupBuilder api)
    {
        var changes = api.MapGroup("/changes").WithTags("Changes");
        changes.MapGet("/", ReadAsync)
            .WithName("ReadChanges")
            .WithDescription("Changes after the cursor 'after' (none: from the oldest kept), optionally only 'kinds' (comma-separated kinds such as issue.status, or resources such as comment), at most 'limit' (1-1000, default 100); 'wait' (e.g. 30s) waits for one when there is none yet. 'next' is the cursor to pass as 'after' next time.")
            .Produces<ChangesResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status410Gone);
        changes.MapGet("/stream", StreamAsync)
            .WithName("StreamChanges")
            .WithDescription("The same changes as Server-Sent Events (id = cursor, event = kind, data = the entry as JSON), from 'after' or the Last-Event-ID header; a comment line every Changes:Heartbeat keeps idle streams open.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status410Gone);
        return api;
    }

    private static async Task<IResult> ReadAsync(HttpRequest request, IReadModelStore store, ChangeSignal signal, IOptions<ChangesOptions> options, CancellationToken cancellationToken)
    {
        var q = QueryString.Of(request, "after", "kinds", "limit", "wait");
        var query = new FeedQuery(q.FeedCursor("after"), q.Kinds(ChangeKinds.Filters), q.Limit(FeedQuery.DefaultLimit, FeedQuery.MaxLimit));
        var wait = q.Wait(options.Value.MaxWait);
        if (q.Problem is { } problem)
        {
            return problem;
        }

        var deadline = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            var page = await store.ReadChangesAsync(query, cancellationToken);
            if (page.Expired)
            {
                return Gone(page);
            }

            var remaining = deadline - DateTimeOffset.UtcNow;
            if (page.Entries.Count > 0 || remaining <= TimeSpan.Zero)
            {
                var next = PageCursors.Of(page.Next);
                return TypedResults.Ok(new ChangesResponse([.. page.Entries.Select(ChangeEntryResponse.From)], next, QueryString.NextLink(request, "after", next)));
            }

            query = query with { After = page.Next };
            await signal.WaitAsync(page.Next, remaining, cancellationToken);
        }
    }

    private static async Task<IResult> StreamAsync(HttpContext http, IReadModelStore store, ChangeSignal signal, IOptions<ChangesOptions> options)
    {
        var request = http.Request;
        var q = QueryString.Of(request, "after", "kinds");
        var lastEventId = request.Headers["Last-Event-ID"].ToString();
        var query = new FeedQuery(q.FeedCursor("after", lastEventId.Length > 0 ? lastEventId : null), q.Kinds(ChangeKinds.Filters), FeedQuery.MaxLimit);
        if (q.Problem is { } problem)
        {
            return problem;
        }

        var first = await store.ReadChangesAsync(query, http.RequestAborted);
        if (first.Expired)
        {
            return Gone(first);
        }

        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(http.RequestAborted);
        var page = first;
        try
        {
            while (!http.RequestAborted.IsCancellationRequested)
            {
                if (page.Expired)
                {
                    await response.WriteAsync("event: expired\ndata: {}\n\n", http.RequestAborted);
                    return Results.Empty;
                }

                var events = new StringBuilder();
                foreach (var entry in page.Entries)
                {
                    events.Append("id: ").Append(PageCursors.Of(entry.Cursor)).Append('\n')
                        .Append("event: ").Append(entry.Kind).Append('\n')
                        .Append("data: ").Append(JsonSerializer.Serialize(ChangeEntryResponse.From(entry), FeedJson.Options)).Append("\n\n");
                }

                if (page.Entries.Count == 0)
                {
                    await signal.WaitAsync(page.Next, options.Value.Heartbeat, http.RequestAborted);
                    events.Append(": keep-alive\n\n");
                }

                await response.WriteAsync(events.ToString(), http.RequestAborted);
                await response.Body.FlushAsync(http.RequestAborted);
                page = await store.ReadChangesAsync(query with { After = page.Next }, http.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }

        return Results.Empty;
    }

    private static IResult Gone(FeedPage page) => TypedResults.Problem(
        statusCode: StatusCodes.Status410Gone,
        title: "The cursor is older than the feed keeps",
        detail: $"Entries after this cursor were removed (Changes:Retention). Start again from 'oldest' (entries from it on are kept) and reconcile what you hold from the lists.",
        extensions: new Dictionary<string, object?> { ["oldest"] = page.Oldest is { } oldest ? PageCursors.Of(new FeedCursor(oldest.Transaction, oldest.Sequence - 1)) : null });
}

/// <summary>The answer of <c>GET /api/changes</c>: the entries, the cursor to continue after, and that as a link.</summary>
public sealed record ChangesResponse(IReadOnlyList<ChangeEntryResponse> Entries, string Next, string NextUrl);

/// <summary>One change: its cursor, kind, the grain's resource, key and version, when, and the new state of what changed.</summary>
public sealed record ChangeEntryResponse(string Cursor, string Kind, string Resource, string Key, long Version, DateTimeOffset At, JsonElement Data)
{
    public static ChangeEntryResponse From(FeedEntry entry) =>
        new(PageCursors.Of(entry.Cursor), entry.Kind, entry.Resource, entry.Key, entry.Version, entry.At, JsonSerializer.Deserialize<JsonElement>(entry.DataJson));
}
