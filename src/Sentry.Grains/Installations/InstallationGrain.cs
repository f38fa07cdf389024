using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sentry.Grains.ReadModel;
using Sentry.Grains.SentryApi;
using Sentry.Grains.Storage;
using Sentry.Grains.Telemetry;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Installations;

/// <summary>
/// One installation of the Sentry app and the one owner of its OAuth tokens: load, decide through
/// <see cref="InstallationRules"/> and <see cref="InstallationSchedule"/>, write once, answer.
/// </summary>
/// <remarks>
/// <para>
/// A <c>created</c> is written and answered at once; the code exchange and the verification run afterwards,
/// from a one-shot grain timer (prompt) and a durable reminder (survives a restart; ticks every minute
/// while work is due). Retries follow the schedule's backoff; the reminder then moves to the next refresh.
/// </para>
/// <para>
/// The grain is not reentrant: a timer tick, a reminder tick and every caller run one at a time, so
/// concurrent token requests during a refresh wait for it and get its result; there is never a second
/// refresh racing the single-use refresh token.
/// </para>
/// </remarks>
public sealed partial class InstallationGrain(
    [PersistentState(InstallationGrain.StateName)] IPersistentState<InstallationState> state,
    StoredStates states,
    IOptions<SentryOptions> sentry,
    SentryApiClient api,
    TokenProtector tokens,
    TimeProvider time,
    SentryGrainsMetrics metrics,
    ILogger<InstallationGrain> logger) : Grain, IInstallationGrain, IRemindable
{
    public const string StateName = "installation";

    /// <summary>The durable reminder that drives the exchange, its retries and the refreshes.</summary>
    public const string ReminderName = "installation-work";

    private const string AccessToken = "access";
    private const string RefreshToken = "refresh";

    private StoredState<InstallationState>? stored;
    private DeliveryMemory? deliveries;
    private IGrainTimer? timer;
    private bool reminderKnown;
    private DateTimeOffset? reminderDueAt;

    private string Uuid => this.GetPrimaryKeyString();

    private StoredState<InstallationState> Stored => stored ??= states.For(state, this, StateName);

    private DeliveryMemory Deliveries => deliveries ??= Stored.Deliveries(s => s.Deliveries);

    private InstallationSchedule Schedule => new(sentry.Value.TokenRefreshSkew);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Stored.PublishesFrom(s => s.Outbox, s => s.Version, () => Task.FromResult<ReadModelRow>(InstallationRules.Row(Uuid, state.State)));
        await Stored.ResumePublishingAsync();

        // Work an earlier activation left (or a restart interrupted) resumes promptly; the reminder guarantees it anyway.
        ScheduleTimer();
    }

    public async Task<WebhookOutcome> ApplyAsync(InstallationChanged change)
    {
        await Deliveries.LoadAsync();
        var outcome = InstallationRules.Apply(state.State, Deliveries, change);
        if (outcome == WebhookOutcome.Applied)
        {
            await SaveAsync();
        }

        if (outcome != WebhookOutcome.Ignored)
        {
            // After a duplicate too: a first delivery answered 503 after its write may not have scheduled its work.
            await ScheduleAsync();
        }

        return outcome;
    }

    public Task<InstallationSnapshot?> GetAsync() =>
        Task.FromResult(state.State.Exists ? InstallationRules.ToSnapshot(Uuid, state.State) : null);

    public async Task<InstallationTokenResult> GetTokenAsync()
    {
        if (InstallationRules.ShouldRefreshBeforeAnswering(state.State, time.GetUtcNow(), Schedule))
        {
            await RunStepAsync(InstallationStep.Refresh);
            await ScheduleAsync();
        }

        var (outcome, detail) = InstallationRules.TokenAvailability(state.State, time.GetUtcNow());
        return outcome == TokenOutcome.Issued
            ? new(outcome, tokens.Unprotect(state.State.AccessToken!, Uuid, AccessToken), state.State.TokenExpiresAt, state.State.Status, null)
            : new(outcome, null, null, state.State.Status, detail);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ReminderName)
        {
            await RunDueWorkAsync();
        }
    }

    /// <summary>Runs what is due (an exchange and the verification after it run back to back), then schedules what is next.</summary>
    private async Task RunDueWorkAsync()
    {
        if (InstallationSchedule.DueStep(state.State, time.GetUtcNow()) is { } first)
        {
            InstallationRules.RunStarting(state.State, first);
            InstallationStep? step = first;
            while (step is { } current && await RunStepAsync(current) && current == InstallationStep.Exchange)
            {
                step = InstallationSchedule.DueStep(state.State, time.GetUtcNow());
            }
        }

        await ScheduleAsync();
    }

    /// <summary>One call to Sentry and its outcome, written; true when it succeeded.</summary>
    private async Task<bool> RunStepAsync(InstallationStep step)
    {
        var uuid = Uuid;

        // Never cancelled: an exchange or refresh abandoned mid-flight may already have replaced the token
        // pair at Sentry, and the answer is the only copy of the new pair. Sentry:RequestTimeout bounds it.
        var cancellation = CancellationToken.None;
        try
        {
            switch (step)
            {
                case InstallationStep.Exchange:
                    var code = state.State.GrantCode ?? throw new InvalidOperationException($"Installation {uuid} has no grant code to exchange.");
                    var grant = await api.ExchangeCodeAsync(uuid, code, cancellation);
                    await SaveTokensAsync(s => InstallationRules.Exchanged(s, Protect(grant), time.GetUtcNow()));
                    LogExchanged(logger, uuid, grant.ExpiresAt, state.State.Attempts);
                    break;
                case InstallationStep.Verify:
                    await api.VerifyInstallationAsync(uuid, tokens.Unprotect(state.State.AccessToken!, uuid, AccessToken), cancellation);
                    InstallationRules.Verified(state.State, time.GetUtcNow(), Schedule);
                    await SaveAsync();
                    LogInstalled(logger, uuid, state.State.Attempts);
                    break;
                case InstallationStep.Refresh:
                    var (refreshed, refusal) = await RefreshOrRecoverAsync(uuid, cancellation);
                    await SaveTokensAsync(s => InstallationRules.Refreshed(s, Protect(refreshed), time.GetUtcNow(), Schedule, refusal));
                    LogRefreshed(logger, uuid, refreshed.ExpiresAt);
                    metrics.TokenRefreshed(succeeded: true);
                    break;
            }

            return true;
        }
        catch (SentryApiException error)
        {
            InstallationRules.StepFailed(state.State, step, error.Message, error.IsTransient, time.GetUtcNow(), Random.Shared.NextDouble());
            if (step == InstallationStep.Refresh)
            {
                metrics.TokenRefreshed(succeeded: false);
            }

            if (state.State.Status == InstallationStatus.Failed)
            {
                LogFailed(logger, uuid, step, state.State.FailureReason);
            }
            else
            {
                LogStepFailed(logger, uuid, step, error.Message, state.State.NextAttemptAt);
            }

            await SaveAsync();
            return false;
        }
    }

    /// <summary>
    /// Refreshes with the stored refresh token. When Sentry refuses it (401/403: a refreshed pair whose write failed is
    /// lost, and Sentry already deleted the stored one), recovers once through Sentry's manual refresh, which needs no
    /// refresh token; returns the refusal it recovered from, or null. If the recovery fails too, its failure (with the
    /// refusal in the message) is the step's.
    /// </summary>
    private async Task<(SentryTokenGrant Grant, string? Refusal)> RefreshOrRecoverAsync(string uuid, CancellationToken cancellation)
    {
        try
        {
            return (await api.RefreshAsync(uuid, tokens.Unprotect(state.State.RefreshToken!, uuid, RefreshToken), cancellation), null);
        }
        catch (SentryApiException refused) when (refused.IsAuthorizationFailure)
        {
            LogRecovering(logger, uuid, refused.Message);
            try
            {
                var recovered = await api.ManualRefreshAsync(uuid, cancellation);
                metrics.TokenRefreshRecovered();
                LogRecovered(logger, uuid, recovered.ExpiresAt);
                return (recovered, refused.Message);
            }
            catch (SentryApiException failed)
            {
                throw new SentryApiException($"{refused.Message} Recovering with the manual refresh failed: {failed.Message}", failed.StatusCode, failed.IsTransient, failed);
            }
        }
    }

    /// <summary>
    /// Writes a new token pair. Sentry has already dropped the previous pair, so this write is retried
    /// (re-applying the change to the reloaded state) before the pair is given up.
    /// </summary>
    private async Task SaveTokensAsync(Action<InstallationState> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            change(state.State);
            try
            {
                await SaveAsync();
                return;
            }
            catch (Exception error) when (attempt < 3)
            {
                LogTokenWriteRetry(logger, error, Uuid, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
            }
        }
    }

    private StoredTokens Protect(SentryTokenGrant grant) => new(
        tokens.Protect(grant.Token, Uuid, AccessToken),
        tokens.Protect(grant.RefreshToken, Uuid, RefreshToken),
        grant.ExpiresAt,
        grant.Scopes);

    /// <summary>Writes the state, with an <c>installation.status</c> change for the read side when the status moved.</summary>
    private async Task SaveAsync()
    {
        state.State.Version++;
        InstallationRules.RecordStatusChange(Uuid, state.State, time.GetUtcNow());
        await Stored.CommitAsync();
    }

    public async Task EnsurePublishedAsync()
    {
        if (state.State.Exists && state.State.Status != state.State.PublishedStatus)
        {
            await SaveAsync();
        }
    }

    /// <summary>Sets the timer and the reminder for the next wake-up, or removes both when there is nothing left to do.</summary>
    private async Task ScheduleAsync()
    {
        ScheduleTimer();
        var now = time.GetUtcNow();
        if (InstallationSchedule.NextWakeUp(state.State) is not { } next)
        {
            if (!reminderKnown || reminderDueAt is not null)
            {
                if (await this.GetReminder(ReminderName) is { } reminder)
                {
                    await this.UnregisterReminder(reminder);
                }

                (reminderKnown, reminderDueAt) = (true, null);
            }

            return;
        }

        if (InstallationSchedule.ReminderNeedsUpdate(reminderDueAt, next))
        {
            var wait = InstallationSchedule.ReminderWait(next, now);
            await this.RegisterOrUpdateReminder(ReminderName, wait, InstallationSchedule.ReminderPeriod);
            (reminderKnown, reminderDueAt) = (true, now + wait);
        }
    }

    private void ScheduleTimer()
    {
        timer?.Dispose();
        timer = null;
        if (InstallationSchedule.NextWakeUp(state.State) is { } next && InstallationSchedule.TimerWait(next, time.GetUtcNow()) is { } wait)
        {
            timer = this.RegisterGrainTimer(
                _ => RunDueWorkAsync(),
                new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = false });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Installation {Uuid}: grant code exchanged (attempt {Attempt}); token expires at {ExpiresAt}")]
    private static partial void LogExchanged(ILogger logger, string uuid, DateTimeOffset expiresAt, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Installation {Uuid}: verified with Sentry, installed after {Attempts} attempt(s)")]
    private static partial void LogInstalled(ILogger logger, string uuid, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Installation {Uuid}: token refreshed; it expires at {ExpiresAt}")]
    private static partial void LogRefreshed(ILogger logger, string uuid, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Installation {Uuid}: the refresh token was refused ({Refusal}); recovering with Sentry's manual refresh")]
    private static partial void LogRecovering(ILogger logger, string uuid, string refusal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Installation {Uuid}: recovered a new token pair with Sentry's manual refresh; it expires at {ExpiresAt}")]
    private static partial void LogRecovered(ILogger logger, string uuid, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Installation {Uuid}: {Step} failed, retrying at {NextAttemptAt}: {Error}")]
    private static partial void LogStepFailed(ILogger logger, string uuid, InstallationStep step, string error, DateTimeOffset? nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Installation {Uuid}: {Step} refused, the installation is failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string uuid, InstallationStep step, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Installation {Uuid}: writing the new token pair failed (attempt {Attempt}); retrying")]
    private static partial void LogTokenWriteRetry(ILogger logger, Exception exception, string uuid, int attempt);

}
