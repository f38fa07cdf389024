namespace Sentry.Grains.Client;

/// <summary>One page of a list: its items, and the cursor of the next page (null on the last page).</summary>
/// <typeparam name="T">The list's item type.</typeparam>
/// <param name="Items">The page's items, in the list's order.</param>
/// <param name="NextCursor">An opaque cursor: pass it back unchanged, with the same filter, for the next page.</param>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? NextCursor)
{
    /// <summary>True when there is a next page.</summary>
    public bool HasMore => NextCursor is not null;
}
