using System.Diagnostics;
using System.Net;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>Waits for a condition by polling, with a generous timeout: no fixed sleeps, nothing timed.</summary>
public static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Reads until <paramref name="done"/> holds and returns that value; fails naming <paramref name="what"/> and the last value.</summary>
    public static async Task<T> ThatAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Still waiting for {what} after {limit.TotalSeconds} s; last seen: {value}");
            }

            await Task.Delay(20);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        ThatAsync(() => Task.FromResult(condition()), done => done, what, timeout);

    /// <summary>Polls <c>GET <paramref name="path"/></c> until it answers <paramref name="expected"/>.</summary>
    public static async Task StatusAsync(HttpClient http, string path, HttpStatusCode expected, TimeSpan? timeout = null) =>
        await ThatAsync(
            async () =>
            {
                try
                {
                    using var response = await http.GetAsync(path);
                    return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
                }
                catch (HttpRequestException error)
                {
                    return (0, error.Message);
                }
            },
            answer => answer.Item1 == (int)expected,
            $"GET {path} to answer {(int)expected}",
            timeout);
}
