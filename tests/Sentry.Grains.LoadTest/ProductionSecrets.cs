namespace Sentry.Grains.LoadTest;

/// <summary>The settings the Silo requires outside Development, with throwaway values for the load test.</summary>
public static class ProductionSecrets
{
    public const string ApiKey = "load-test-api-key";

    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["Sentry__ClientId"] = "load-test-client",
        ["Sentry__TokenEncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("load-test-token-key"u8)),
        ["Api__Keys__0"] = ApiKey,
    };
}
