namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>Waits for a condition with a generous timeout (these machines are shared and slow at times).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, Func<string>? describe = null) =>
        await TrueAsync(() => Task.FromResult(condition()), timeout, describe);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not true within {timeout}. {describe?.Invoke()}");
            }

            await Task.Delay(50);
        }
    }
}
