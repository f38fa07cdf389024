using Sentry.Grains.Storage;

namespace Sentry.Grains.Installations;

/// <summary>Reads installations and the installation index stored by the previous version (layout 1) in layout 2.</summary>
public static class InstallationUpgrade
{
    public static StateUpgrade Upgrade { get; } = StateUpgrade.Of<InstallationStateV1, InstallationState>(From);

    public static StateUpgrade IndexUpgrade { get; } = StateUpgrade.Of<InstallationIndexStateV1, InstallationIndexState>(From);

    public static InstallationState From(InstallationStateV1 legacy, DateTimeOffset upgradedAt) => new()
    {
        Deliveries = new() { Open = legacy.Deliveries.Upgrade(upgradedAt) },
        Status = ParseStatus(legacy.Status),
        OrganizationSlug = legacy.OrganizationSlug,
        OrganizationId = legacy.OrganizationId,
        AppUuid = legacy.AppUuid,
        AppSlug = legacy.AppSlug,
        CreatedAt = legacy.CreatedAt,
        DeletedAt = legacy.DeletedAt,
        UpdatedAt = legacy.UpdatedAt,
        GrantCode = legacy.GrantCode,
        AccessToken = legacy.AccessToken,
        RefreshToken = legacy.RefreshToken,
        TokenExpiresAt = legacy.TokenExpiresAt,
        Scopes = [.. legacy.Scopes],
        Attempts = legacy.Attempts,
        RefreshFailures = legacy.RefreshFailures,
        LastError = legacy.LastError,
        LastErrorAt = legacy.LastErrorAt,
        NextAttemptAt = legacy.NextAttemptAt,
        FailureReason = legacy.FailureReason,
        InstalledAt = legacy.InstalledAt,
        LastRefreshedAt = legacy.LastRefreshedAt,
        Version = legacy.Version,
    };

    public static InstallationIndexState From(InstallationIndexStateV1 legacy, DateTimeOffset upgradedAt) => new()
    {
        Rows = legacy.Rows.Values.ToDictionary(
            row => row.Summary.Uuid,
            row => new InstallationIndexRow(row.Summary.Uuid, row.Summary.OrganizationSlug, ParseStatus(row.Summary.Status) ?? InstallationStatus.Pending, row.Summary.UpdatedAt, row.Version),
            StringComparer.Ordinal),
    };

    private static InstallationStatus? ParseStatus(string? status) =>
        Enum.TryParse<InstallationStatus>(status, ignoreCase: true, out var parsed) ? parsed : null;
}
