using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Seer;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Silo.Api;

/// <summary>
/// The query string of a list or feed request, read strictly: a parameter the endpoint does not know, a repeated one,
/// or a value that does not parse is a 400 problem naming it (<see cref="Problem"/>), never silently ignored.
/// </summary>
internal sealed class QueryString
{
    private readonly IQueryCollection query;
    private readonly List<string> problems = [];

    private QueryString(IQueryCollection query) => this.query = query;

    /// <summary>Reads <paramref name="request"/>'s query, allowing only <paramref name="known"/> parameters.</summary>
    public static QueryString Of(HttpRequest request, params string[] known)
    {
        var parsed = new QueryString(request.Query);
        foreach (var (name, values) in request.Query)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                parsed.problems.Add($"Unknown parameter '{KeyShapes.Quote(name)[1..^1]}'; this endpoint takes {string.Join(", ", known)}.");
            }
            else if (values.Count > 1)
            {
                parsed.problems.Add($"'{name}' is given {values.Count} times.");
            }
        }

        return parsed;
    }

    /// <summary>The 400 answer when anything was wrong, else null.</summary>
    public IResult? Problem => problems.Count == 0 ? null
        : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad query", detail: string.Join(" ", problems));

    public string? Text(string name) => query.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;

    /// <summary>A value that must be one of <paramref name="allowed"/>.</summary>
    public string? OneOf(string name, IReadOnlyCollection<string> allowed)
    {
        var text = Text(name);
        if (text is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            problems.Add($"'{name}' must be one of {string.Join(", ", allowed)}; got {KeyShapes.Quote(text)}.");
            return null;
        }

        return text;
    }

    public bool? Boolean(string name) => Text(name) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var other => Fail<bool?>($"'{name}' must be true or false; got {KeyShapes.Quote(other)}."),
    };

    public DateTimeOffset? Time(string name) => Text(name) switch
    {
        null => null,
        var text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) => time,
        var other => Fail<DateTimeOffset?>($"'{name}' must be a date and time (ISO 8601, e.g. 2026-11-30T12:00:00Z); got {KeyShapes.Quote(other)}."),
    };

    public SeerStage? Stage(string name) => Text(name) switch
    {
        null => null,
        var text when SeerStages.TryParse(text, out var stage) => stage,
        var other => Fail<SeerStage?>($"'{name}' must be a Seer stage ({string.Join(", ", SeerStages.InOrder.Select(s => s.Name()))}); got {KeyShapes.Quote(other)}."),
    };

    public string? Key(string name, KeyShape shape) => Text(name) switch
    {
        null => null,
        var text when shape.TryCanonicalize(text, out var key) => key,
        var other => Fail<string?>($"'{name}' must be {shape.Describe()}; got {KeyShapes.Quote(other)}."),
    };

    public int Limit(int defaultLimit, int maxLimit) => Text("limit") switch
    {
        null => defaultLimit,
        var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is > 0 && limit <= maxLimit => limit,
        var other => Fail<int>($"'limit' must be a whole number from 1 to {maxLimit}; got {KeyShapes.Quote(other)}."),
    };

    /// <summary>A wait like <c>30s</c>, <c>500ms</c> or <c>30</c> (seconds), at most <paramref name="max"/>.</summary>
    public TimeSpan Wait(TimeSpan max)
    {
        var text = Text("wait");
        if (text is null)
        {
            return TimeSpan.Zero;
        }

        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001) : text.EndsWith('s') ? (text[..^1], 1.0) : (text, 1.0);
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value * unit <= max.TotalSeconds)
        {
            return TimeSpan.FromSeconds(value * unit);
        }

        return Fail<TimeSpan>($"'wait' must be a duration like 30s or 500ms, at most {max.TotalSeconds:0} s; got {KeyShapes.Quote(text)}.");
    }

    /// <summary>The position a list page continues after (<c>cursor</c>, as a previous page's <c>next</c> gave it).</summary>
    public PagePosition? Position() => Text("cursor") switch
    {
        null => null,
        var text when PageCursors.TryReadPosition(text, out var position) => position,
        var other => Fail<PagePosition?>($"'cursor' is not a cursor this API gave; got {KeyShapes.Quote(other)}."),
    };

    /// <summary>A change-feed cursor (from <paramref name="name"/>, or <paramref name="fallback"/> such as the Last-Event-ID header).</summary>
    public FeedCursor FeedCursor(string name, string? fallback = null) => (fallback ?? Text(name)) switch
    {
        null => Sentry.Grains.ReadModel.FeedCursor.Start,
        var text when PageCursors.TryReadFeedCursor(text, out var cursor) => cursor,
        var other => Fail<FeedCursor>($"'{name}' is not a feed cursor this API gave; got {KeyShapes.Quote(other)}."),
    };

    /// <summary>Comma-separated kinds or resources (<c>issue.status,comment</c>); each must be a known one.</summary>
    public IReadOnlyList<string> Kinds(IReadOnlyCollection<string> known)
    {
        var kinds = (Text("kinds") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var kind in kinds.Where(k => !known.Contains(k, StringComparer.Ordinal)))
        {
            problems.Add($"'kinds' has unknown {KeyShapes.Quote(kind)}; use kinds ({string.Join(", ", known)}).");
        }

        return kinds;
    }

    /// <summary>This request's URL with <c>cursor</c> replaced: the <c>next</c> link.</summary>
    public static string NextLink(HttpRequest request, string cursorName, string cursor)
    {
        var link = new StringBuilder(request.PathBase).Append(request.Path).Append('?');
        foreach (var (name, value) in request.Query.Where(q => q.Key != cursorName))
        {
            link.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value.ToString())).Append('&');
        }

        return link.Append(cursorName).Append('=').Append(Uri.EscapeDataString(cursor)).ToString();
    }

    private T Fail<T>(string problem)
    {
        problems.Add(problem);
        return default!;
    }
}
