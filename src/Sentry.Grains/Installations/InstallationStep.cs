namespace Sentry.Grains.Installations;

/// <summary>The calls to Sentry an installation makes, in order: exchange and verify once, then refresh for as long as it lives.</summary>
public enum InstallationStep
{
    /// <summary>Trade the one-time grant code for a token pair.</summary>
    Exchange,

    /// <summary>Tell Sentry the installation is set up, with the new token.</summary>
    Verify,

    /// <summary>Trade the refresh token for a new token pair before the access token expires.</summary>
    Refresh,
}
