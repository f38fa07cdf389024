using System.Net;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>Polling with generous deadlines instead of fixed sleeps: the machine may be loaded.</summary>
public static class Eventually
{
    public static async Task StatusAsync(HttpClient http, string path, HttpStatusCode expected, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var last = "no answer";
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(path);
                if (response.StatusCode == expected)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException error)
            {
                last = error.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"GET {path} did not answer {(int)expected} within {timeout.TotalSeconds} s; last: {last}");
    }

    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds} s; last value: {value}");
            }

            await Task.Delay(100);
        }
    }
}
