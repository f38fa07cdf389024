namespace Sentry.Grains.Installations;

/// <summary>What asking an installation for its access token gave.</summary>
[GenerateSerializer, Alias("sentry.TokenOutcome")]
public enum TokenOutcome
{
    /// <summary>A token valid beyond the refresh skew (refreshed first if it was inside it).</summary>
    Issued,

    /// <summary>No installation with that uuid has been seen.</summary>
    NotFound,

    /// <summary>The installation is pending, failed or deleted: there is no token to give.</summary>
    NotInstalled,

    /// <summary>Installed, but the token expired and refreshing it keeps failing for now (transient).</summary>
    Unavailable,
}
