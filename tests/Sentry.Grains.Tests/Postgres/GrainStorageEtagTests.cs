using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Sentry.Grains.MetricAlerts;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Postgres;

/// <summary>
/// The development default's in-process grain storage keeps the ETag rules of Orleans' ADO.NET provider on PostgreSQL:
/// the same sequence of reads and writes, with the same conflicts, against both, through the silo's own <c>Default</c>
/// storage.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class GrainStorageEtagTests(PostgresDatabase<GrainStorageEtagTests> database) : IClassFixture<PostgresDatabase<GrainStorageEtagTests>>
{
    [Theory]
    [InlineData("memory")]
    [InlineData("postgres")]
    public async Task Writes_need_the_version_they_read_and_two_first_writes_do_not_both_land(string storage)
    {
        await using var host = storage == "postgres"
            ? await ServiceHost.StartAsync(PostgresSettings.AsArguments(database.ConnectionString, "etag-test", "etag-test"))
            : await ServiceHost.StartAsync();
        var store = host.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var grain = GrainId.Create("etag-test", $"{storage}-1");

        var first = await ReadAsync(store, grain);
        var racer = await ReadAsync(store, grain);
        Assert.False(first.RecordExists);
        Assert.Null(first.ETag);

        first.State = new MetricAlertHead { Status = "one" };
        await store.WriteStateAsync("metricAlert", grain, first);
        Assert.NotNull(first.ETag);
        Assert.True(first.RecordExists);

        // A second activation that also found no row must not write a second first version.
        racer.State = new MetricAlertHead { Status = "racer" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteStateAsync("metricAlert", grain, racer));

        var stale = await ReadAsync(store, grain);
        Assert.Equal("one", stale.State?.Status);
        Assert.Equal(first.ETag, stale.ETag);

        first.State = new MetricAlertHead { Status = "two" };
        var readEtag = first.ETag;
        await store.WriteStateAsync("metricAlert", grain, first);
        Assert.NotEqual(readEtag, first.ETag);

        // A writer holding the version before that write is refused, and nothing it wrote is kept.
        stale.State = new MetricAlertHead { Status = "stale" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteStateAsync("metricAlert", grain, stale));

        var now = await ReadAsync(store, grain);
        Assert.Equal("two", now.State?.Status);
        Assert.Equal(first.ETag, now.ETag);
    }

    private static async Task<GrainState<MetricAlertHead>> ReadAsync(IGrainStorage store, GrainId grain)
    {
        var state = new GrainState<MetricAlertHead>();
        await store.ReadStateAsync("metricAlert", grain, state);
        return state;
    }
}
