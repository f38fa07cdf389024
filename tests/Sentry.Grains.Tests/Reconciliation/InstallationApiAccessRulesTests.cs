using Sentry.Grains.Installations;

namespace Sentry.Grains.Tests.Reconciliation;

/// <summary>A token Sentry refused is kept from reads until it changes or its backoff passes, then tried by one read only.</summary>
public sealed class InstallationApiAccessRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Backoff = TimeSpan.FromMinutes(1);
    private static readonly InstallationTokenResult Issued = new(TokenOutcome.Issued, "token", Now.AddHours(8), InstallationStatus.Installed, null);

    private readonly InstallationState state = new() { Status = InstallationStatus.Installed, OrganizationSlug = "test-org", TokenExpiresAt = Now.AddHours(8) };

    [Fact]
    public void A_refused_token_is_not_used_before_its_backoff_then_one_read_probes_it_and_the_backoff_doubles()
    {
        Assert.Equal(ApiAccessOutcome.Granted, InstallationApiAccessRules.Access(state, Issued, Now, Backoff).Outcome);

        InstallationApiAccessRules.Refused(state, 403, "You do not have permission", Now, Backoff);
        var refused = InstallationApiAccessRules.Access(state, Issued, Now.AddSeconds(59), Backoff);
        Assert.Equal(ApiAccessOutcome.NeedsAttention, refused.Outcome);
        Assert.Null(refused.Token);
        Assert.Equal(Now.AddMinutes(1), refused.RetryAt);

        var probe = InstallationApiAccessRules.Access(state, Issued, Now.AddMinutes(1), Backoff);
        Assert.True(probe is { Outcome: ApiAccessOutcome.Granted, IsProbe: true, Token: "token" });
        Assert.Equal(ApiAccessOutcome.NeedsAttention, InstallationApiAccessRules.Access(state, Issued, Now.AddMinutes(1), Backoff).Outcome);

        InstallationApiAccessRules.Refused(state, 403, "still refused", Now.AddMinutes(1), Backoff);
        Assert.Equal(2, state.TokenAttention!.Refusals);
        Assert.Equal(Now.AddMinutes(3), state.TokenAttention.NextProbeAt);
        Assert.Equal(Now, state.TokenAttention.Since);

        Assert.True(InstallationApiAccessRules.Accepted(state));
        Assert.False(InstallationApiAccessRules.Accepted(state));
        Assert.True(InstallationApiAccessRules.Access(state, Issued, Now.AddMinutes(1), Backoff) is { Outcome: ApiAccessOutcome.Granted, IsProbe: false });
    }

    [Fact]
    public void A_new_token_clears_the_attention()
    {
        InstallationApiAccessRules.Refused(state, 401, "Invalid token", Now, Backoff);

        InstallationRules.Refreshed(state, new StoredTokens(new EncryptedToken("k", [1, 2, 3]), new EncryptedToken("k", [1, 2, 3]), Now.AddHours(16), ["event:read"]), Now, new InstallationSchedule(TimeSpan.FromMinutes(5)));

        Assert.Null(state.TokenAttention);
        Assert.Equal(ApiAccessOutcome.Granted, InstallationApiAccessRules.Access(state, Issued, Now, Backoff).Outcome);
    }

    [Fact]
    public void Failed_deleted_and_unknown_installations_are_never_read_with()
    {
        Assert.Equal(ApiAccessOutcome.NotInstalled, InstallationApiAccessRules.Access(state, new(TokenOutcome.NotInstalled, null, null, InstallationStatus.Failed, "failed"), Now, Backoff).Outcome);
        Assert.Equal(ApiAccessOutcome.NotFound, InstallationApiAccessRules.Access(new InstallationState(), new(TokenOutcome.NotFound, null, null, null, null), Now, Backoff).Outcome);
        Assert.Equal(ApiAccessOutcome.Unavailable, InstallationApiAccessRules.Access(state, new(TokenOutcome.Unavailable, null, null, InstallationStatus.Installed, "expired"), Now, Backoff).Outcome);
    }

    [Fact]
    public void The_backoff_doubles_up_to_an_hour()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), InstallationApiAccessRules.Backoff(1, Backoff));
        Assert.Equal(TimeSpan.FromMinutes(8), InstallationApiAccessRules.Backoff(4, Backoff));
        Assert.Equal(TimeSpan.FromHours(1), InstallationApiAccessRules.Backoff(40, Backoff));
    }
}
