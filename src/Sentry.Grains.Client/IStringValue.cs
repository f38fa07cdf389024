namespace Sentry.Grains.Client;

/// <summary>A value the API writes as a string from an open set (a stage, a status): known values as properties, others kept as they come.</summary>
internal interface IStringValue<TSelf> where TSelf : struct, IStringValue<TSelf>
{
    /// <summary>The value as the API writes it.</summary>
    string Value { get; }

    /// <summary>The value the API wrote as <paramref name="value"/>.</summary>
    static abstract TSelf Create(string value);
}
