namespace Sentry.Grains.Client;

/// <summary>What the issue list is sorted on, newest first.</summary>
public enum IssueSort
{
    /// <summary>When the issue last changed (the server's default).</summary>
    UpdatedAt = 0,

    /// <summary>When Sentry last saw the issue.</summary>
    LastSeen = 1,
}
