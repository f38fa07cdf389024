using Sentry.Grains.Reconciliation;

namespace Sentry.Grains.Tests.Reconciliation;

/// <summary>The organization's budget as a pure function of the clock: its pace, its burst, and Sentry's blocks.</summary>
public sealed class RateBudgetTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Asks every millisecond for <paramref name="seconds"/> seconds, as eager callers would; returns the grant times.</summary>
    private static List<DateTimeOffset> Grants(RateBudget budget, int seconds)
    {
        var grants = new List<DateTimeOffset>();
        for (var ms = 0; ms < seconds * 1000; ms++)
        {
            var now = Start.AddMilliseconds(ms);
            if (budget.TryAcquire(now).Granted)
            {
                grants.Add(now);
            }
        }

        return grants;
    }

    /// <summary>The most grants in any window [t, t + 1 s).</summary>
    private static int MostInOneSecond(List<DateTimeOffset> grants) =>
        grants.Select((at, i) => grants.Skip(i).TakeWhile(g => g < at.AddSeconds(1)).Count()).DefaultIfEmpty(0).Max();

    [Theory]
    [InlineData(2.0, 1, 2)]
    [InlineData(4.5, 1, 5)]
    [InlineData(20.0, 1, 20)]
    [InlineData(2.0, 3, 4)]
    public void Eager_callers_never_get_more_than_the_share_in_any_second(double perSecond, int burst, int most)
    {
        var grants = Grants(new RateBudget(perSecond, burst), 10);

        Assert.Equal(most, MostInOneSecond(grants));
        Assert.InRange(grants.Count, (int)(perSecond * 10) - 1, (int)Math.Ceiling(perSecond * 10) + burst);
    }

    [Fact]
    public void With_a_burst_of_one_the_grants_are_spread_evenly()
    {
        var grants = Grants(new RateBudget(4, 1), 5);

        Assert.All(grants.Zip(grants.Skip(1)), pair => Assert.Equal(TimeSpan.FromMilliseconds(250), pair.Second - pair.First));
    }

    [Fact]
    public void Waiters_refused_at_once_are_told_to_come_back_in_turn()
    {
        var budget = new RateBudget(10, 1);
        Assert.True(budget.TryAcquire(Start).Granted);

        var hints = Enumerable.Range(0, 3).Select(_ => budget.TryAcquire(Start)).ToList();

        Assert.All(hints, h => Assert.False(h.Granted));
        Assert.Equal([Start.AddMilliseconds(100), Start.AddMilliseconds(200), Start.AddMilliseconds(300)], hints.Select(h => h.At));
        Assert.True(budget.TryAcquire(hints[0].At).Granted);
        Assert.True(budget.TryAcquire(hints[1].At).Granted);
    }

    [Fact]
    public void A_429_blocks_every_grant_until_its_retry_after_has_passed()
    {
        var budget = new RateBudget(100, 10);
        Assert.True(budget.TryAcquire(Start).Granted);

        budget.TooManyRequests(Start, TimeSpan.FromSeconds(3), fallback: TimeSpan.FromSeconds(10));

        var refused = budget.TryAcquire(Start.AddSeconds(2.999));
        Assert.False(refused.Granted);
        Assert.Equal(Start.AddSeconds(3), refused.At);
        Assert.True(budget.TryAcquire(Start.AddSeconds(3)).Granted);
    }

    [Fact]
    public void A_429_without_retry_after_blocks_for_the_fallback_and_a_shorter_block_never_shortens_a_longer_one()
    {
        var budget = new RateBudget(100, 10);
        budget.TooManyRequests(Start, null, fallback: TimeSpan.FromSeconds(10));
        budget.TooManyRequests(Start.AddSeconds(1), TimeSpan.FromSeconds(1), fallback: TimeSpan.FromSeconds(10));

        Assert.False(budget.TryAcquire(Start.AddSeconds(9)).Granted);
        Assert.True(budget.TryAcquire(Start.AddSeconds(10)).Granted);
    }

    [Fact]
    public void Remaining_zero_blocks_until_sentrys_reset()
    {
        var budget = new RateBudget(100, 10);
        budget.Exhausted(Start.AddSeconds(1));

        Assert.Equal(Start.AddSeconds(1), budget.TryAcquire(Start.AddMilliseconds(500)).At);
        Assert.True(budget.TryAcquire(Start.AddSeconds(1)).Granted);
    }
}
