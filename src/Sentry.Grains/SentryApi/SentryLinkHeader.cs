using System.Text.RegularExpressions;

namespace Sentry.Grains.SentryApi;

/// <summary>
/// Sentry's pagination header (<c>src/sentry/api/base.py</c> <c>build_cursor_link</c>):
/// <c>Link: &lt;url&gt;; rel="previous"; results="false"; cursor="…", &lt;url&gt;; rel="next"; results="true"; cursor="…"</c>.
/// </summary>
public static partial class SentryLinkHeader
{
    /// <summary>
    /// The cursor of the <c>rel="next"</c> link when Sentry says it has results (<c>results="true"</c>), else null.
    /// Only the cursor is taken: the next page is asked for on our own base address, so the token never follows a
    /// URL from an answer to another host.
    /// </summary>
    public static string? NextCursor(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var values) ? NextCursor(string.Join(", ", values)) : null;

    /// <inheritdoc cref="NextCursor(HttpResponseMessage)"/>
    public static string? NextCursor(string header)
    {
        foreach (Match link in LinkPattern().Matches(header))
        {
            var parameters = ParameterPattern().Matches(link.Groups["params"].Value)
                .ToDictionary(p => p.Groups["name"].Value, p => p.Groups["value"].Value, StringComparer.OrdinalIgnoreCase);
            if (parameters.GetValueOrDefault("rel") == "next")
            {
                return parameters.GetValueOrDefault("results") == "true" && parameters.GetValueOrDefault("cursor") is { Length: > 0 } cursor
                    ? cursor
                    : null;
            }
        }

        return null;
    }

    [GeneratedRegex("""<(?<url>[^>]*)>(?<params>(?:\s*;\s*[A-Za-z]+="[^"]*")*)""")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"(?<name>[A-Za-z]+)=""(?<value>[^""]*)""")]
    private static partial Regex ParameterPattern();
}
