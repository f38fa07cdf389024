using Sentry.Grains.Installations;

namespace Sentry.Grains.Tests.Installations;

/// <summary>The installation index: idempotent, version-checked upserts and the status filter.</summary>
public sealed class InstallationIndexStateTests
{
    [Fact]
    public void An_older_version_never_overwrites_a_newer_one()
    {
        var index = new InstallationIndexState();
        Assert.True(index.Upsert(new("u1", "org", InstallationStatus.Installed, null), 3));
        Assert.False(index.Upsert(new("u1", "org", InstallationStatus.Pending, null), 2));
        Assert.False(index.Upsert(new("u1", "org", InstallationStatus.Installed, null), 3)); // the same again: no write
        Assert.Equal(InstallationStatus.Installed, Assert.Single(index.List(null)).Status);

        Assert.True(index.Upsert(new("u1", "org", InstallationStatus.Deleted, null), 4));
        Assert.Equal(InstallationStatus.Deleted, Assert.Single(index.List(null)).Status);
    }

    [Fact]
    public void Lists_by_organization_then_uuid_filtered_by_status()
    {
        var index = new InstallationIndexState();
        index.Upsert(new("b", "zeta", InstallationStatus.Installed, null), 1);
        index.Upsert(new("c", "alpha", InstallationStatus.Failed, null), 1);
        index.Upsert(new("a", "alpha", InstallationStatus.Installed, null), 1);

        Assert.Equal(["a", "c", "b"], index.List(null).Select(row => row.Uuid));
        Assert.Equal(["a", "b"], index.List(InstallationStatus.Installed).Select(row => row.Uuid));
        Assert.Empty(index.List(InstallationStatus.Deleted));
    }
}
