namespace Sentry.Grains.Client;

/// <summary>One read of the change feed.</summary>
/// <param name="Entries">The entries after the cursor read from, in feed order; empty when none came within the wait.</param>
/// <param name="Next">The opaque cursor to read after next time (past entries a <c>kinds</c> filter skipped, too).</param>
public sealed record ChangePage(IReadOnlyList<ChangeEntry> Entries, string Next);
