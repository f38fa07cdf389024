using System.Text.Json;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Aspire;

/// <summary>
/// The AppHost's Aspire manifest, as <c>dotnet run --project aspire/Sentry.Grains.AppHost -- --publisher manifest
/// --output-path FILE</c> writes it: the built AppHost (the configuration the tests were built in) run in publish
/// mode with the given settings. Publishing needs no container engine.
/// </summary>
public static class AppHostManifest
{
    public static JsonElement Publish(params string[] settings)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sentry-grains-manifest-" + Guid.NewGuid().ToString("N")[..8]);
        var file = Path.Combine(folder, "aspire-manifest.json");
        try
        {
            Shell.Run("dotnet", [Binary, "--publisher", "manifest", "--output-path", file, .. settings], TimeSpan.FromMinutes(2));
            using var manifest = JsonDocument.Parse(File.ReadAllText(file));
            return manifest.RootElement.GetProperty("resources").Clone();
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>aspire/Sentry.Grains.AppHost/bin/&lt;Configuration&gt;/net10.0/Sentry.Grains.AppHost.dll.</summary>
    private static string Binary
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var dll = Path.Combine(Fixtures.RepositoryRoot, "aspire", "Sentry.Grains.AppHost", "bin", testBin.Parent!.Name, testBin.Name, "Sentry.Grains.AppHost.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"The AppHost is not built at {dll}; build the solution first.", dll);
        }
    }
}
