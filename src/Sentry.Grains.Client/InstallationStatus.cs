using System.Text.Json.Serialization;

namespace Sentry.Grains.Client;

/// <summary>
/// Where an installation is in its lifecycle (<c>pending</c>, <c>installed</c>, <c>failed</c>, <c>deleted</c>). The known
/// statuses are the static properties; another a newer server reports is kept as it comes.
/// </summary>
[JsonConverter(typeof(StringValueJsonConverter<InstallationStatus>))]
public readonly record struct InstallationStatus : IStringValue<InstallationStatus>
{
    /// <summary>A status by its name in the API.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public InstallationStatus(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
    }

    /// <summary><c>pending</c>: created; the grant code is being exchanged and the installation verified.</summary>
    public static InstallationStatus Pending { get; } = new("pending");

    /// <summary><c>installed</c>: a token pair is held and refreshed before it expires.</summary>
    public static InstallationStatus Installed { get; } = new("installed");

    /// <summary><c>failed</c>: Sentry refused a step, or the setup used all its attempts.</summary>
    public static InstallationStatus Failed { get; } = new("failed");

    /// <summary><c>deleted</c>: uninstalled; the tokens are wiped.</summary>
    public static InstallationStatus Deleted { get; } = new("deleted");

    /// <summary>The status as the API writes it.</summary>
    public string Value { get; }

    /// <summary>The status named <paramref name="value"/>.</summary>
    public static implicit operator InstallationStatus(string value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value ?? "";

    static InstallationStatus IStringValue<InstallationStatus>.Create(string value) => new(value);
}
