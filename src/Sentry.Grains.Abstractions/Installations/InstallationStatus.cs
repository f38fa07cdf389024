namespace Sentry.Grains.Installations;

/// <summary>The statuses an installation goes through: <c>pending -> installed -> deleted</c>, or <c>failed</c>.</summary>
[GenerateSerializer, Alias("sentry.InstallationStatus")]
public enum InstallationStatus
{
    /// <summary>Created; the grant code is being exchanged and the installation verified.</summary>
    Pending = 0,

    /// <summary>Set up: a token pair is held and refreshed before it expires.</summary>
    Installed = 1,

    /// <summary>Sentry refused a step, or the setup used all its attempts; see the failure reason.</summary>
    Failed = 2,

    /// <summary>Uninstalled: the tokens are wiped, a tombstone is kept.</summary>
    Deleted = 3,
}
