using System.Text.Json.Serialization;

namespace Sentry.Grains.Client;

/// <summary>
/// A metric alert's status, Sentry's action for it (<c>critical</c>, <c>warning</c>, <c>resolved</c>, <c>open</c>). The
/// known statuses are the static properties; another a newer server reports is kept as it comes.
/// </summary>
[JsonConverter(typeof(StringValueJsonConverter<MetricAlertStatus>))]
public readonly record struct MetricAlertStatus : IStringValue<MetricAlertStatus>
{
    /// <summary>A status by its name in the API.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public MetricAlertStatus(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
    }

    /// <summary><c>critical</c>.</summary>
    public static MetricAlertStatus Critical { get; } = new("critical");

    /// <summary><c>warning</c>.</summary>
    public static MetricAlertStatus Warning { get; } = new("warning");

    /// <summary><c>resolved</c>.</summary>
    public static MetricAlertStatus Resolved { get; } = new("resolved");

    /// <summary><c>open</c>.</summary>
    public static MetricAlertStatus Open { get; } = new("open");

    /// <summary>The status as the API writes it.</summary>
    public string Value { get; }

    /// <summary>The status named <paramref name="value"/>.</summary>
    public static implicit operator MetricAlertStatus(string value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value ?? "";

    static MetricAlertStatus IStringValue<MetricAlertStatus>.Create(string value) => new(value);
}
