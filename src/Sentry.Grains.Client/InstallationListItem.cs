namespace Sentry.Grains.Client;

/// <summary>An installation as <c>GET /api/installations</c> lists it (and as an <c>installation.status</c> change carries it).</summary>
public sealed record InstallationListItem : ListItem
{
    /// <summary>The installation's status.</summary>
    public InstallationStatus Status { get; init; }

    /// <summary>The Sentry organization's slug.</summary>
    public string? OrganizationSlug { get; init; }

    /// <summary>The Sentry organization's id.</summary>
    public string? OrganizationId { get; init; }
}
