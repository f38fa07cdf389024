namespace Sentry.Grains.Silo.Api;

/// <summary>A page of a list: its items and the link to the next page (null on the last page).</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, string? Next);
