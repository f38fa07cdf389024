namespace Sentry.Grains.Client;

// What the server writes, before the client turns it into its public types.

/// <summary>A list's answer: <c>{items, next}</c>, <c>next</c> being a link with the next page's <c>cursor</c>.</summary>
internal sealed record ListResponse<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>The feed's answer: <c>{entries, next, nextUrl}</c>.</summary>
internal sealed record ChangesResponse(IReadOnlyList<ChangeEntry> Entries, string Next);

/// <summary>RFC 9457 problem details, with the feed's <c>oldest</c> extension of a 410.</summary>
internal sealed record ProblemDetailsResponse(string? Title, string? Detail, string? Oldest);
