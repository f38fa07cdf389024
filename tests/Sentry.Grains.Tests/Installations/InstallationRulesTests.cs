using Sentry.Grains.Installations;
using Sentry.Grains.Storage;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Installations;

/// <summary>The installation lifecycle with its token steps: pure.</summary>
public sealed class InstallationRulesTests
{
    private static readonly DateTimeOffset Now = TestDeliveries.Epoch;
    private static readonly InstallationSchedule Schedule = new(TimeSpan.FromMinutes(5));
    private static readonly RetentionOptions Retention = new();

    private static DeliveryMemory Deliveries(InstallationState state) =>
        new(SegmentedLog<RememberedDelivery>.Detached(DeliveryMemory.Limits, () => state.Deliveries), Retention);

    private static StoredTokens Tokens(DateTimeOffset expiresAt, string id = "1") =>
        new(new EncryptedToken("key", [1, 2, 3]), new EncryptedToken("key", [4, 5, 6]), expiresAt, ["org:read", id]);

    private static InstallationState Created(out InstallationChanged created)
    {
        var state = new InstallationState();
        created = Commands.From<InstallationChanged>("installation.created");
        Assert.Equal(WebhookOutcome.Applied, InstallationRules.Apply(state, Deliveries(state), created));
        return state;
    }

    [Fact]
    public void Created_is_pending_with_the_exchange_due_at_once()
    {
        var state = Created(out var created);
        Assert.Equal((InstallationStatus.Pending, InstallationBodies.FixtureCode, created.Delivery.ReceivedAt), (state.Status, state.GrantCode, state.NextAttemptAt));
        Assert.Equal(InstallationStep.Exchange, InstallationSchedule.DueStep(state, created.Delivery.ReceivedAt));
    }

    [Fact]
    public void Created_without_a_code_fails_at_once()
    {
        var state = new InstallationState();
        var created = Commands.From<InstallationChanged>("installation.created") with { Code = null };
        Assert.Equal(WebhookOutcome.Applied, InstallationRules.Apply(state, Deliveries(state), created));
        Assert.Equal(InstallationStatus.Failed, state.Status);
        Assert.Contains("no grant code", state.FailureReason, StringComparison.Ordinal);
        Assert.Null(InstallationSchedule.NextWakeUp(state));
    }

    [Fact]
    public void Exchange_then_verify_installs_and_schedules_the_refresh()
    {
        var state = Created(out _);
        InstallationRules.RunStarting(state, InstallationStep.Exchange);
        InstallationRules.Exchanged(state, Tokens(Now.AddHours(8)), Now);
        Assert.Null(state.GrantCode);
        Assert.Equal(InstallationStep.Verify, InstallationSchedule.DueStep(state, Now));

        InstallationRules.Verified(state, Now, Schedule);
        Assert.Equal((InstallationStatus.Installed, 1, Now.AddHours(8).AddMinutes(-5)), (state.Status, state.Attempts, state.NextAttemptAt));
        Assert.Equal((TokenOutcome.Issued, null), InstallationRules.TokenAvailability(state, Now));
    }

    [Fact]
    public void A_transient_setup_failure_backs_off_and_the_tenth_gives_up()
    {
        var state = Created(out _);
        for (var attempt = 1; attempt < InstallationSchedule.MaxSetupAttempts; attempt++)
        {
            InstallationRules.RunStarting(state, InstallationStep.Exchange);
            InstallationRules.StepFailed(state, InstallationStep.Exchange, "Sentry answered 503", transient: true, Now, jitter: 1);
            Assert.Equal((InstallationStatus.Pending, attempt), (state.Status, state.Attempts));
            Assert.Equal(Now + InstallationSchedule.RetryDelay(attempt, 1), state.NextAttemptAt);
        }

        InstallationRules.RunStarting(state, InstallationStep.Exchange);
        InstallationRules.StepFailed(state, InstallationStep.Exchange, "Sentry answered 503", transient: true, Now, jitter: 1);
        Assert.Equal(InstallationStatus.Failed, state.Status);
        Assert.Equal("Gave up after 10 attempts. Last error: Sentry answered 503", state.FailureReason);
        Assert.Null(state.GrantCode);
    }

    [Fact]
    public void A_refused_step_fails_and_wipes_the_secrets()
    {
        var state = Created(out _);
        InstallationRules.Exchanged(state, Tokens(Now.AddHours(8)), Now);
        InstallationRules.StepFailed(state, InstallationStep.Verify, "Sentry answered 403", transient: false, Now, jitter: 0);

        Assert.Equal((InstallationStatus.Failed, "Sentry answered 403"), (state.Status, state.FailureReason));
        Assert.Equal((null, null, null, null), (state.AccessToken, state.RefreshToken, state.GrantCode, state.NextAttemptAt));
        Assert.Equal(TokenOutcome.NotInstalled, InstallationRules.TokenAvailability(state, Now).Outcome);
    }

    [Fact]
    public void Refresh_failures_back_off_the_token_is_used_while_valid_then_unavailable()
    {
        var state = Created(out _);
        InstallationRules.Exchanged(state, Tokens(Now.AddHours(8)), Now);
        InstallationRules.Verified(state, Now, Schedule);
        var refreshAt = state.NextAttemptAt!.Value;
        Assert.False(InstallationRules.ShouldRefreshBeforeAnswering(state, refreshAt.AddTicks(-1), Schedule));
        Assert.True(InstallationRules.ShouldRefreshBeforeAnswering(state, refreshAt, Schedule));

        InstallationRules.StepFailed(state, InstallationStep.Refresh, "Sentry answered 500", transient: true, refreshAt, jitter: 0);
        Assert.Equal((InstallationStatus.Installed, 1, refreshAt.AddMilliseconds(500)), (state.Status, state.RefreshFailures, state.NextAttemptAt));
        Assert.False(InstallationRules.ShouldRefreshBeforeAnswering(state, refreshAt.AddMilliseconds(499), Schedule)); // backing off
        Assert.Equal(TokenOutcome.Issued, InstallationRules.TokenAvailability(state, refreshAt).Outcome); // still valid

        var expired = InstallationRules.TokenAvailability(state, Now.AddHours(8));
        Assert.Equal(TokenOutcome.Unavailable, expired.Outcome);
        Assert.Contains("Sentry answered 500", expired.Detail, StringComparison.Ordinal);

        InstallationRules.Refreshed(state, Tokens(Now.AddHours(16), "2"), Now.AddHours(8), Schedule);
        Assert.Equal((0, Now.AddHours(16).AddMinutes(-5), Now.AddHours(8)), (state.RefreshFailures, state.NextAttemptAt, state.LastRefreshedAt));
    }

    [Fact]
    public void Deleted_wipes_the_tokens_keeps_a_tombstone_and_a_late_created_is_stale()
    {
        var state = Created(out var created);
        InstallationRules.Exchanged(state, Tokens(Now.AddHours(8)), Now);
        InstallationRules.Verified(state, Now, Schedule);

        var deleted = Commands.From<InstallationChanged>("installation.deleted", secondsAfterEpoch: 60);
        Assert.Equal(WebhookOutcome.Applied, InstallationRules.Apply(state, Deliveries(state), deleted));
        Assert.Equal((InstallationStatus.Deleted, "test-org"), (state.Status, state.OrganizationSlug));
        Assert.Equal((null, null, null, null), (state.AccessToken, state.RefreshToken, state.TokenExpiresAt, state.NextAttemptAt));
        Assert.NotNull(state.DeletedAt);

        var late = Commands.From<InstallationChanged>("installation.created", secondsAfterEpoch: 120, edit: body => body.Replace(InstallationBodies.FixtureCode, "another-code", StringComparison.Ordinal));
        Assert.Equal(WebhookOutcome.Stale, InstallationRules.Apply(state, Deliveries(state), late));
        Assert.Equal(WebhookOutcome.Duplicate, InstallationRules.Apply(state, Deliveries(state), created));
        Assert.Equal(InstallationStatus.Deleted, state.Status);
        Assert.Null(state.GrantCode);
    }

    [Fact]
    public void The_snapshot_shows_progress_but_no_secret()
    {
        var state = Created(out _);
        InstallationRules.RunStarting(state, InstallationStep.Exchange);
        InstallationRules.StepFailed(state, InstallationStep.Exchange, "Sentry answered 502", transient: true, Now, jitter: 0);

        var snapshot = InstallationRules.ToSnapshot("u", state);
        Assert.Equal((1, "Sentry answered 502", Now.AddMilliseconds(500)), (snapshot.Attempts, snapshot.LastError, snapshot.NextAttemptAt));
        Assert.DoesNotContain(InstallationBodies.FixtureCode, snapshot.ToString(), StringComparison.Ordinal);
    }
}
