namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// Sentry's example payloads. The repository keeps a copy (tests/Sentry.Grains.Tests/Fixtures) so a
/// clone tests on its own; <see cref="FixtureCopyTests"/> checks it matches ../shared/fixtures.
/// </summary>
public static class Fixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>All fixture names, e.g. <c>issue.created</c>.</summary>
    public static IReadOnlyList<string> Names =>
        [.. System.IO.Directory.GetFiles(Directory, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)];

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".json"));

    /// <summary>The <c>Sentry-Hook-Resource</c> of a fixture: its name up to the first dot.</summary>
    public static string ResourceOf(string name) => name[..name.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>The repository root (where Sentry.Grains.sln is).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sentry.Grains.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Sentry.Grains.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
