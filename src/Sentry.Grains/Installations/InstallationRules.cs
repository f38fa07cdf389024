using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Installations;

/// <summary>
/// The installation lifecycle <c>pending -> installed -> deleted</c> as pure functions.
/// A <c>deleted</c> leaves a tombstone that a late <c>created</c> never resurrects (<c>stale</c>).
/// </summary>
public static class InstallationRules
{
    public static WebhookOutcome Apply(InstallationState state, InstallationChanged change, RetentionOptions retention)
    {
        if (state.Deliveries.Contains(change.Delivery))
        {
            return WebhookOutcome.Duplicate;
        }

        var at = change.Delivery.SentAt ?? change.Delivery.ReceivedAt;
        switch (change.Action)
        {
            case "created" when state.Status == InstallationStatus.Deleted:
                return WebhookOutcome.Stale;
            case "created" when state.Exists:
                return WebhookOutcome.Duplicate;
            case "created":
                state.Status = InstallationStatus.Pending;
                state.CreatedAt = at;
                state.GrantCode = change.Code;
                break;
            case "deleted" when state.Status == InstallationStatus.Deleted:
                return WebhookOutcome.Duplicate;
            case "deleted":
                state.Status = InstallationStatus.Deleted;
                state.DeletedAt = at;
                state.GrantCode = null;
                break;
            default:
                return WebhookOutcome.Ignored;
        }

        state.OrganizationSlug = change.OrganizationSlug ?? state.OrganizationSlug;
        state.OrganizationId = change.OrganizationId ?? state.OrganizationId;
        state.AppUuid = change.AppUuid ?? state.AppUuid;
        state.AppSlug = change.AppSlug ?? state.AppSlug;
        state.Deliveries.Remember(change.Delivery, retention.Deliveries);
        state.UpdatedAt = change.Delivery.ReceivedAt;
        return WebhookOutcome.Applied;
    }

    public static InstallationSnapshot ToSnapshot(string uuid, InstallationState state) => new()
    {
        Uuid = uuid,
        Status = state.Status ?? InstallationStatus.Pending,
        OrganizationSlug = state.OrganizationSlug,
        OrganizationId = state.OrganizationId,
        AppUuid = state.AppUuid,
        AppSlug = state.AppSlug,
        CreatedAt = state.CreatedAt,
        DeletedAt = state.DeletedAt,
        UpdatedAt = state.UpdatedAt,
    };
}
