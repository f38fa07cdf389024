namespace Sentry.Grains.LoadTest;

/// <summary>The settings the Silo requires outside Development, with throwaway values for the load test.</summary>
public static class ProductionSecrets
{
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();
}
