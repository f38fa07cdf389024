using Sentry.Grains.Installations;

namespace Sentry.Grains.Tests.Installations;

/// <summary>Backoff, refresh time and reminder decisions: pure.</summary>
public sealed class InstallationScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 0.999, 999.5)]
    [InlineData(2, 0.0, 1000)]
    [InlineData(3, 1.0, 4000)]
    [InlineData(9, 1.0, 256_000)]
    [InlineData(10, 1.0, 300_000)]
    [InlineData(50, 0.0, 150_000)]
    public void Retry_delay_doubles_with_equal_jitter_up_to_five_minutes(int failures, double jitter, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), InstallationSchedule.RetryDelay(failures, jitter));

    [Fact]
    public void The_setup_attempts_span_less_than_the_codes_ten_minutes()
    {
        var longest = Enumerable.Range(1, InstallationSchedule.MaxSetupAttempts - 1).Sum(n => InstallationSchedule.RetryDelay(n, 1).TotalMinutes);
        Assert.InRange(longest, 8, 10);
    }

    [Fact]
    public void A_token_is_refreshed_at_expiry_minus_skew() =>
        Assert.Equal(Now.AddHours(8).AddMinutes(-5), new InstallationSchedule(TimeSpan.FromMinutes(5)).RefreshAt(Now.AddHours(8)));

    [Fact]
    public void The_due_step_follows_the_state()
    {
        var state = new InstallationState { Status = InstallationStatus.Pending, NextAttemptAt = Now };
        Assert.Equal(InstallationStep.Exchange, InstallationSchedule.DueStep(state, Now));
        Assert.Null(InstallationSchedule.DueStep(state, Now.AddTicks(-1)));

        state.AccessToken = new EncryptedToken("k", [1]);
        Assert.Equal(InstallationStep.Verify, InstallationSchedule.DueStep(state, Now));

        state.Status = InstallationStatus.Installed;
        Assert.Equal(InstallationStep.Refresh, InstallationSchedule.DueStep(state, Now));

        state.Status = InstallationStatus.Deleted;
        Assert.Null(InstallationSchedule.DueStep(state, Now.AddDays(1)));
        Assert.Null(InstallationSchedule.NextWakeUp(state));
    }

    [Fact]
    public void Timer_and_reminder_waits()
    {
        Assert.Equal(TimeSpan.Zero, InstallationSchedule.TimerWait(Now.AddSeconds(-3), Now));
        Assert.Equal(TimeSpan.FromHours(8), InstallationSchedule.TimerWait(Now.AddHours(8), Now));
        Assert.Null(InstallationSchedule.TimerWait(Now.AddDays(2), Now));

        Assert.Equal(InstallationSchedule.ReminderPeriod, InstallationSchedule.ReminderWait(Now, Now));
        Assert.Equal(TimeSpan.FromHours(8), InstallationSchedule.ReminderWait(Now.AddHours(8), Now));
        Assert.Equal(InstallationSchedule.MaxWait, InstallationSchedule.ReminderWait(Now.AddDays(30), Now));
    }

    [Theory]
    [InlineData(null, 0, true)] // nothing known: register
    [InlineData(60, 2, false)] // registered as the backstop of an immediate attempt; a retry seconds later keeps it
    [InlineData(0, 240, false)] // ticking every minute already, the retry is within the slack
    [InlineData(0, 28_500, true)] // installed: move it from the setup to the refresh, hours later
    [InlineData(28_500, 10, true)] // it would fire hours late
    public void The_reminder_moves_only_when_it_would_be_late_or_needlessly_early(int? registeredSeconds, int nextSeconds, bool moves) =>
        Assert.Equal(moves, InstallationSchedule.ReminderNeedsUpdate(registeredSeconds is { } s ? Now.AddSeconds(s) : null, Now.AddSeconds(nextSeconds)));
}
