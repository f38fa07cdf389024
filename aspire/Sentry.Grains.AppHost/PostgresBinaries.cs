using System.Globalization;

namespace Sentry.Grains.AppHost;

/// <summary>The newest installed PostgreSQL server binaries (Debian: <c>/usr/lib/postgresql/*/bin</c>), or null.</summary>
internal static class PostgresBinaries
{
    private const string Root = "/usr/lib/postgresql";

    public static string? Find() =>
        Directory.Exists(Root)
            ? Directory.GetDirectories(Root)
                .Select(folder => (Version: int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1, Bin: Path.Combine(folder, "bin")))
                .Where(found => File.Exists(Path.Combine(found.Bin, "initdb")) && File.Exists(Path.Combine(found.Bin, "postgres")))
                .OrderByDescending(found => found.Version)
                .Select(found => found.Bin)
                .FirstOrDefault()
            : null;
}
