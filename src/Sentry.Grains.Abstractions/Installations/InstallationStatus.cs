namespace Sentry.Grains.Installations;

/// <summary>The statuses an installation goes through.</summary>
public static class InstallationStatus
{
    public const string Pending = "pending";
    public const string Installed = "installed";
    public const string Failed = "failed";
    public const string Deleted = "deleted";

    public static IReadOnlyList<string> All { get; } = [Pending, Installed, Failed, Deleted];
}
