using Sentry.Grains.ReadModel;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Installations;

/// <summary>
/// The installation lifecycle <c>pending -> installed -> deleted</c> (or <c>failed</c>) as pure functions.
/// A <c>created</c> records the grant code and makes the exchange due at once; the exchange, the
/// verification and every refresh report back here; a transient failure is retried on
/// <see cref="InstallationSchedule"/>'s backoff, a refusal (4xx) fails the installation with its reason.
/// A <c>deleted</c> wipes the tokens and leaves a tombstone that a late <c>created</c> never resurrects (<c>stale</c>).
/// Tokens arrive here already encrypted; these rules never see one in the clear.
/// </summary>
public static class InstallationRules
{
    public static WebhookOutcome Apply(InstallationState state, DeliveryMemory deliveries, InstallationChanged change) =>
        Deduplication.Apply(deliveries, change.Delivery, () => ApplyNew(state, change));

    private static WebhookOutcome ApplyNew(InstallationState state, InstallationChanged change)
    {
        var at = change.Delivery.SentAt ?? change.Delivery.ReceivedAt;
        switch (change.Action)
        {
            case "created" when state.Status == InstallationStatus.Deleted:
                return WebhookOutcome.Stale;
            case "created" when state.Exists:
                return WebhookOutcome.Duplicate;
            case "created" when string.IsNullOrEmpty(change.Code):
                state.CreatedAt = at;
                Fail(state, "The created webhook carried no grant code, so there is nothing to exchange for tokens.");
                break;
            case "created":
                state.Status = InstallationStatus.Pending;
                state.CreatedAt = at;
                state.GrantCode = change.Code;
                state.NextAttemptAt = change.Delivery.ReceivedAt;
                break;
            case "deleted" when state.Status == InstallationStatus.Deleted:
                return WebhookOutcome.Duplicate;
            case "deleted":
                state.Status = InstallationStatus.Deleted;
                state.DeletedAt = at;
                WipeSecrets(state);
                state.NextAttemptAt = null;
                break;
            default:
                return WebhookOutcome.Ignored;
        }

        state.OrganizationSlug = change.OrganizationSlug ?? state.OrganizationSlug;
        state.OrganizationId = change.OrganizationId ?? state.OrganizationId;
        state.AppUuid = change.AppUuid ?? state.AppUuid;
        state.AppSlug = change.AppSlug ?? state.AppSlug;
        state.UpdatedAt = change.Delivery.ReceivedAt;
        return WebhookOutcome.Applied;
    }

    /// <summary>
    /// A run of due work begins with <paramref name="step"/>: a setup run counts as one attempt (an exchange
    /// and the verification right after it are one attempt; a verification retried on its own is one too).
    /// </summary>
    public static void RunStarting(InstallationState state, InstallationStep step)
    {
        if (step is InstallationStep.Exchange or InstallationStep.Verify)
        {
            state.Attempts++;
        }
    }

    /// <summary>The code became a token pair: the code is spent, verification is due at once.</summary>
    public static void Exchanged(InstallationState state, StoredTokens tokens, DateTimeOffset now)
    {
        Store(state, tokens);
        state.GrantCode = null;
        state.NextAttemptAt = now;
        state.UpdatedAt = now;
    }

    /// <summary>Sentry knows the installation is set up: <c>installed</c>, refresh due at expiry minus skew.</summary>
    public static void Verified(InstallationState state, DateTimeOffset now, InstallationSchedule schedule)
    {
        state.Status = InstallationStatus.Installed;
        state.InstalledAt = now;
        state.NextAttemptAt = schedule.RefreshAt(state.TokenExpiresAt ?? now);
        state.UpdatedAt = now;
    }

    /// <summary>
    /// A refresh gave a new pair (Sentry deleted the old one): keep it, next refresh at its expiry minus skew. With a
    /// <paramref name="recoveredFrom"/> refusal the pair came from Sentry's manual refresh after the stored refresh token
    /// was refused (a pair lost earlier): counted, and the refusal kept as the last error.
    /// </summary>
    public static void Refreshed(InstallationState state, StoredTokens tokens, DateTimeOffset now, InstallationSchedule schedule, string? recoveredFrom = null)
    {
        if (recoveredFrom is not null)
        {
            state.TokenRecoveries++;
            state.LastError = $"{recoveredFrom} Recovered with Sentry's manual refresh.";
            state.LastErrorAt = now;
        }

        Store(state, tokens);
        state.RefreshFailures = 0;
        state.LastRefreshedAt = now;
        state.NextAttemptAt = schedule.RefreshAt(tokens.ExpiresAt);
        state.UpdatedAt = now;
    }

    /// <summary>
    /// <paramref name="step"/> failed with <paramref name="reason"/> (which never holds a token). Transient: retry
    /// after the backoff (<paramref name="jitter"/> in [0, 1)), unless the setup has used all its attempts.
    /// Refused: the installation is <c>failed</c>.
    /// </summary>
    public static void StepFailed(InstallationState state, InstallationStep step, string reason, bool transient, DateTimeOffset now, double jitter)
    {
        state.LastError = reason;
        state.LastErrorAt = now;
        state.UpdatedAt = now;
        if (!transient)
        {
            Fail(state, reason);
        }
        else if (step == InstallationStep.Refresh)
        {
            state.RefreshFailures++;
            state.NextAttemptAt = now + InstallationSchedule.RetryDelay(state.RefreshFailures, jitter);
        }
        else if (state.Attempts >= InstallationSchedule.MaxSetupAttempts)
        {
            Fail(state, $"Gave up after {state.Attempts} attempts. Last error: {reason}");
        }
        else
        {
            state.NextAttemptAt = now + InstallationSchedule.RetryDelay(state.Attempts, jitter);
        }
    }

    /// <summary>Whether a token can be handed out now, and if not, why. Does not decide on a refresh.</summary>
    public static (TokenOutcome Outcome, string? Detail) TokenAvailability(InstallationState state, DateTimeOffset now) => state.Status switch
    {
        null => (TokenOutcome.NotFound, null),
        InstallationStatus.Installed when state.AccessToken is not null && now < state.TokenExpiresAt => (TokenOutcome.Issued, null),
        InstallationStatus.Installed => (TokenOutcome.Unavailable,
            $"The access token expired and refreshing it has failed {state.RefreshFailures} time(s); next attempt at {state.NextAttemptAt:O}. Last error: {state.LastError}"),
        InstallationStatus.Failed => (TokenOutcome.NotInstalled, $"The installation failed: {state.FailureReason}"),
        InstallationStatus.Deleted => (TokenOutcome.NotInstalled, "The installation was deleted; its tokens are gone."),
        _ => (TokenOutcome.NotInstalled, state.LastError is null
            ? "The installation is still being set up (code exchange and verification)."
            : $"The installation is still being set up: attempt {state.Attempts} failed, next at {state.NextAttemptAt:O}. Last error: {state.LastError}"),
    };

    /// <summary>True when a caller asking for a token should refresh first: inside the skew, and not backing off after a failure.</summary>
    public static bool ShouldRefreshBeforeAnswering(InstallationState state, DateTimeOffset now, InstallationSchedule schedule) =>
        state.Status == InstallationStatus.Installed
        && state.TokenExpiresAt is { } expiresAt
        && now >= schedule.RefreshAt(expiresAt)
        && (state.RefreshFailures == 0 || state.NextAttemptAt is not { } next || now >= next);

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
        InstalledAt = state.InstalledAt,
        Attempts = state.Attempts,
        RefreshFailures = state.RefreshFailures,
        LastError = state.LastError,
        LastErrorAt = state.LastErrorAt,
        NextAttemptAt = InstallationSchedule.NextWakeUp(state),
        FailureReason = state.FailureReason,
        TokenExpiresAt = state.TokenExpiresAt,
        LastRefreshedAt = state.LastRefreshedAt,
        Scopes = [.. state.Scopes],
        TokenAttention = state.TokenAttention is { } a ? new TokenAttention(a.Since, a.StatusCode, a.Reason, a.Refusals, a.NextProbeAt) : null,
    };

    /// <summary>The kind of change an installation publishes when its status moves.</summary>
    public const string StatusChanged = "installation.status";

    /// <summary>When the status moved since it was last recorded, records the change (at the state's version) for the read side.</summary>
    public static void RecordStatusChange(string uuid, InstallationState state, DateTimeOffset now)
    {
        if (state.Status is not { } status || state.Status == state.PublishedStatus)
        {
            return;
        }

        state.PublishedStatus = status;
        state.Outbox.Add(StatusChanged, state.Version, now, Row(uuid, state));
    }

    /// <summary>The installation's read-model row as <paramref name="state"/> stands (it has a status once it has a row).</summary>
    public static InstallationRow Row(string uuid, InstallationState state) => new()
    {
        Key = uuid,
        Version = state.Version,
        UpdatedAt = state.UpdatedAt,
        Status = state.Status ?? throw new InvalidOperationException($"Installation {uuid} has no status, hence no read-model row."),
        OrganizationSlug = state.OrganizationSlug,
        OrganizationId = state.OrganizationId,
    };

    private static void Store(InstallationState state, StoredTokens tokens)
    {
        state.AccessToken = tokens.AccessToken;
        state.RefreshToken = tokens.RefreshToken;
        state.TokenExpiresAt = tokens.ExpiresAt;
        state.Scopes = [.. tokens.Scopes];
        state.TokenAttention = null; // a new token: whatever was refused was the old one
    }

    private static void Fail(InstallationState state, string reason)
    {
        state.Status = InstallationStatus.Failed;
        state.FailureReason = reason;
        state.NextAttemptAt = null;
        WipeSecrets(state);
    }

    /// <summary>The grant code and both tokens leave the state (in the same write as the change that wipes them).</summary>
    private static void WipeSecrets(InstallationState state)
    {
        state.GrantCode = null;
        state.AccessToken = null;
        state.RefreshToken = null;
        state.TokenExpiresAt = null;
    }
}
