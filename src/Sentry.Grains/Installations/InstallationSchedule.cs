namespace Sentry.Grains.Installations;

/// <summary>
/// When an installation calls Sentry, as pure functions: the step that is due, retries with exponential
/// backoff and jitter, the refresh time (expiry minus skew), and when the durable reminder must move.
/// </summary>
/// <remarks>
/// Retries start at <see cref="FirstRetryDelay"/> and double up to <see cref="MaxRetryDelay"/>; each delay is
/// drawn from its upper half ("equal jitter") so installations failing together spread out. The setup gives
/// up after <see cref="MaxSetupAttempts"/> attempts (about 4 to 8.5 minutes: the grant code lives 10 minutes);
/// a refresh retries for as long as the installation lives.
/// </remarks>
/// <param name="RefreshSkew">How long before expiry a token is refreshed (<c>Sentry:TokenRefreshSkew</c>).</param>
public sealed record InstallationSchedule(TimeSpan RefreshSkew)
{
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);
    public const int MaxSetupAttempts = 10;

    /// <summary>Orleans' minimum reminder period: once due, the reminder ticks this often until the work is done.</summary>
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    /// <summary>How far the next step may lie beyond the reminder's due time before the reminder is moved to it.</summary>
    public static readonly TimeSpan ReminderSlack = TimeSpan.FromMinutes(5);

    /// <summary>Timers and reminders are set at most this far ahead (a timer cannot wait 50 days); beyond it they wake to look again.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    /// <summary>When a token expiring at <paramref name="expiresAt"/> is refreshed.</summary>
    public DateTimeOffset RefreshAt(DateTimeOffset expiresAt) => expiresAt - RefreshSkew;

    /// <summary>The wait after the <paramref name="failures"/>-th failure in a row; <paramref name="jitter"/> in [0, 1).</summary>
    public static TimeSpan RetryDelay(int failures, double jitter)
    {
        var doublings = Math.Clamp(failures - 1, 0, 30);
        var full = Math.Min(FirstRetryDelay.TotalMilliseconds * Math.Pow(2, doublings), MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(full * (0.5 + (0.5 * Math.Clamp(jitter, 0, 1))));
    }

    /// <summary>The step to run now, or null when nothing is due.</summary>
    public static InstallationStep? DueStep(InstallationState state, DateTimeOffset now)
    {
        if (NextWakeUp(state) is not { } next || now < next)
        {
            return null;
        }

        return state.Status == InstallationStatus.Installed ? InstallationStep.Refresh
            : state.AccessToken is null ? InstallationStep.Exchange
            : InstallationStep.Verify;
    }

    /// <summary>When the installation next has work to do; null once it is failed or deleted.</summary>
    public static DateTimeOffset? NextWakeUp(InstallationState state) =>
        state.Status is InstallationStatus.Pending or InstallationStatus.Installed ? state.NextAttemptAt : null;

    /// <summary>The grain timer's wait for <paramref name="next"/> (zero when overdue); null beyond <see cref="MaxWait"/>, which the reminder covers.</summary>
    public static TimeSpan? TimerWait(DateTimeOffset next, DateTimeOffset now)
    {
        var wait = next - now;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait <= MaxWait ? wait : null;
    }

    /// <summary>
    /// The reminder's first wait for <paramref name="next"/>: at least one <see cref="ReminderPeriod"/> (the grain
    /// timer does what is due sooner; the reminder is what survives a restart), at most <see cref="MaxWait"/>.
    /// </summary>
    public static TimeSpan ReminderWait(DateTimeOffset next, DateTimeOffset now) =>
        TimeSpan.FromTicks(Math.Clamp((next - now).Ticks, ReminderPeriod.Ticks, MaxWait.Ticks));

    /// <summary>
    /// True when a reminder first due at <paramref name="registeredDueAt"/> (null: none known) must be moved for
    /// the next wake-up <paramref name="next"/>: it would fire more than a period late, or needlessly early
    /// (ticking every minute for hours before a refresh). A reminder due about when <paramref name="next"/> is
    /// stays, so retries a few seconds apart do not rewrite it each time.
    /// </summary>
    public static bool ReminderNeedsUpdate(DateTimeOffset? registeredDueAt, DateTimeOffset next) =>
        registeredDueAt is not { } due || due > next + ReminderPeriod || next - due > ReminderSlack;
}
