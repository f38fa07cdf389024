namespace Sentry.Grains.Installations;

/// <summary>
/// Pure: whether an installation's token may read Sentry's API now. A token Sentry refused (401/403) is not used again
/// until it changes (a refresh stores a new one, which clears the attention) or its backoff passes: then exactly one read
/// tries it (a probe), and the backoff doubles with every refusal, up to <see cref="MaxBackoff"/>. No retry storm.
/// </summary>
public static class InstallationApiAccessRules
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    /// <summary>The access a reader gets, given whether a token can be handed out at all (<paramref name="token"/>).</summary>
    public static InstallationApiAccess Access(InstallationState state, InstallationTokenResult token, DateTimeOffset now, TimeSpan backoff)
    {
        switch (token.Outcome)
        {
            case TokenOutcome.NotFound:
                return new(ApiAccessOutcome.NotFound, null, null, null, token.Detail, IsProbe: false);
            case TokenOutcome.NotInstalled:
                return new(ApiAccessOutcome.NotInstalled, state.OrganizationSlug, null, null, token.Detail, IsProbe: false);
            case TokenOutcome.Unavailable:
                return new(ApiAccessOutcome.Unavailable, state.OrganizationSlug, null, state.NextAttemptAt, token.Detail, IsProbe: false);
        }

        if (state.OrganizationSlug is null)
        {
            return new(ApiAccessOutcome.NotInstalled, null, null, null, "The installation's organization is not known.", IsProbe: false);
        }

        if (state.TokenAttention is { } attention)
        {
            if (now < attention.NextProbeAt)
            {
                return new(ApiAccessOutcome.NeedsAttention, state.OrganizationSlug, null, attention.NextProbeAt,
                    $"Sentry refused the token ({attention.StatusCode}: {attention.Reason}); not used again before {attention.NextProbeAt:O} or a new token.", IsProbe: false);
            }

            // This reader probes; others wait for another backoff (the probe reports back, or the next one probes).
            state.TokenAttention = attention with { NextProbeAt = now + Backoff(attention.Refusals, backoff) };
            return new(ApiAccessOutcome.Granted, state.OrganizationSlug, token.Token, null, null, IsProbe: true);
        }

        return new(ApiAccessOutcome.Granted, state.OrganizationSlug, token.Token, null, null, IsProbe: false);
    }

    /// <summary>Sentry refused the token for a read: attention, with the next probe after the (doubling) backoff.</summary>
    public static void Refused(InstallationState state, int statusCode, string reason, DateTimeOffset now, TimeSpan backoff)
    {
        var refusals = (state.TokenAttention?.Refusals ?? 0) + 1;
        state.TokenAttention = new TokenAttentionRecord(
            state.TokenAttention?.Since ?? now,
            statusCode,
            reason,
            refusals,
            now + Backoff(refusals, backoff));
        state.UpdatedAt = now;
    }

    /// <summary>A read with the token succeeded: no attention needed. True when that changed the state.</summary>
    public static bool Accepted(InstallationState state)
    {
        if (state.TokenAttention is null)
        {
            return false;
        }

        state.TokenAttention = null;
        return true;
    }

    /// <summary><paramref name="first"/> doubled for every refusal after the first, at most <see cref="MaxBackoff"/>.</summary>
    public static TimeSpan Backoff(int refusals, TimeSpan first) =>
        TimeSpan.FromTicks((long)Math.Min(MaxBackoff.Ticks, first.Ticks * Math.Pow(2, Math.Clamp(refusals - 1, 0, 30))));
}
