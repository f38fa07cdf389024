using System.Text;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>Sentry's installation webhooks (the fixtures) for a chosen installation uuid and grant code.</summary>
public static class InstallationBodies
{
    public const string FixtureUuid = "a8e5d37a-696c-4c54-adb5-b3f28d64c7de";
    public const string FixtureCode = "f3c71b491e3949b6b033ae45312a4fcb";

    public static string NewUuid() => Guid.NewGuid().ToString();

    public static string NewCode() => Guid.NewGuid().ToString("N");

    /// <summary><c>installation.created</c> for <paramref name="uuid"/> carrying <paramref name="code"/>.</summary>
    public static byte[] Created(string uuid, string code) => Encoding.UTF8.GetBytes(Edit("installation.created", uuid, code));

    /// <summary><c>installation.deleted</c> for <paramref name="uuid"/>.</summary>
    public static byte[] Deleted(string uuid) => Encoding.UTF8.GetBytes(Edit("installation.deleted", uuid, null));

    /// <summary>A fixture's text with the fixture's uuid and code replaced.</summary>
    public static string Edit(string fixture, string uuid, string? code) =>
        Encoding.UTF8.GetString(Fixtures.Bytes(fixture))
            .Replace(FixtureUuid, uuid, StringComparison.Ordinal)
            .Replace(FixtureCode, code ?? FixtureCode, StringComparison.Ordinal);
}
