using System.Globalization;
using System.Text;

namespace Sentry.Grains.Client;

/// <summary>A relative request URI: a path and its query, every name and value escaped; null values are left out.</summary>
internal sealed class QueryBuilder(string path)
{
    private readonly StringBuilder uri = new(path);
    private bool first = true;

    public QueryBuilder Add(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        uri.Append(first ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        first = false;
        return this;
    }

    public QueryBuilder Add(string name, bool? value) => Add(name, value switch { null => null, true => "true", false => "false" });

    public QueryBuilder Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>ISO 8601, round-trip (<c>2026-11-30T12:00:00.0000000+00:00</c>): the offset's <c>+</c> is escaped with the rest.</summary>
    public QueryBuilder Add(string name, DateTimeOffset? value) => Add(name, value?.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>A duration as the feed reads it: whole seconds as <c>30s</c>, anything finer in milliseconds (<c>1500ms</c>).</summary>
    public QueryBuilder Add(string name, TimeSpan? value) => Add(name, value switch
    {
        null => null,
        { Ticks: < 0 } => throw new ArgumentOutOfRangeException(name, value, "A wait cannot be negative."),
        { Ticks: var ticks } when ticks % TimeSpan.TicksPerSecond == 0 => string.Create(CultureInfo.InvariantCulture, $"{ticks / TimeSpan.TicksPerSecond}s"),
        var wait => string.Create(CultureInfo.InvariantCulture, $"{wait.Value.TotalMilliseconds:0.###}ms"),
    });

    /// <summary>Comma-separated values (<c>issue.status,comment</c>); none leaves the parameter out.</summary>
    public QueryBuilder Add(string name, IReadOnlyCollection<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return this;
        }

        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Contains(',', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{name}' values must be non-empty and contain no comma; got '{value}'.", name);
            }
        }

        return Add(name, string.Join(',', values));
    }

    public Uri ToUri() => new(uri.ToString(), UriKind.Relative);

    public override string ToString() => uri.ToString();
}
