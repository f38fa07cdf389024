using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sentry.Grains.Silo.Database;

/// <summary>One numbered migration from <c>deploy/postgresql/NNNN_name.sql</c>.</summary>
/// <param name="Version">The number in the file name.</param>
/// <param name="Name">The file name without extension, e.g. <c>0002_orleans_clustering</c>.</param>
/// <param name="Sql">The script, with line endings normalized to <c>\n</c>.</param>
public sealed record SchemaMigration(int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of <see cref="Sql"/>, lowercase hex: a released migration must never change.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    /// <summary>Parses <c>NNNN_name.sql</c>; the number must lead the name.</summary>
    public static SchemaMigration FromFile(string fileName, string sql)
    {
        var name = Path.GetFileNameWithoutExtension(fileName);
        var separator = name.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0 || !int.TryParse(name.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration '{fileName}' must be named NNNN_description.sql.");
        }

        return new SchemaMigration(version, name, sql.ReplaceLineEndings("\n"));
    }
}
