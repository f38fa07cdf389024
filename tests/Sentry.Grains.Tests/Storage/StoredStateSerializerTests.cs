using Orleans.Serialization;
using Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;
using Sentry.Grains.Issues;
using Sentry.Grains.Storage;
using Sentry.Grains.Telemetry;

namespace Sentry.Grains.Tests.Storage;

/// <summary>Layout 2 is marked so that a previous-version silo refuses it instead of misreading it, and layout 1 still reads.</summary>
public sealed class StoredStateSerializerTests
{
    private static (StoredStateSerializer Current, OrleansGrainStorageSerializer Previous) Serializers()
    {
        var services = new ServiceCollection().AddSerializer().AddMetrics().AddSingleton<SentryGrainsMetrics>().AddSingleton(TimeProvider.System).AddStoredStateSerializer().BuildServiceProvider();
        return (services.GetRequiredService<StoredStateSerializer>(), services.GetRequiredService<OrleansGrainStorageSerializer>());
    }

    [Fact]
    public void A_layout_2_payload_round_trips_and_starts_with_the_mark()
    {
        var (current, _) = Serializers();
        var head = new IssueHead { Version = 3, LastAction = "resolved", Comments = new() { Open = [new CommentRecord("1", "hi", "jane", null, null, false, null)] } };

        var bytes = current.Serialize(head).ToArray();

        Assert.Equal(StoredStateSerializer.Mark.ToArray(), bytes[..4]);
        var read = current.Deserialize<IssueHead>(new BinaryData(bytes));
        Assert.Equal((3L, "resolved", "hi"), (read.Version, read.LastAction, read.Comments.Open.Single().Text));
    }

    [Fact]
    public void A_payload_is_the_mark_and_exactly_the_bytes_the_orleans_storage_serializer_writes()
    {
        // Written through pooled buffers instead of Orleans' growing array: rows written before and after read the same.
        var (current, previous) = Serializers();
        var head = new IssueHead
        {
            Version = 9,
            LastAction = "resolved",
            Comments = new() { Open = [.. Enumerable.Range(1, 40).Select(i => new CommentRecord(i.ToString(System.Globalization.CultureInfo.InvariantCulture), new string('x', i * 100), "jane", null, null, false, null))] },
        };

        var bytes = current.Serialize(head).ToArray();

        Assert.Equal([.. StoredStateSerializer.Mark.ToArray(), .. previous.Serialize(head).ToArray()], bytes);
        Assert.True(bytes.Length > 50_000, "large enough to span several pooled segments");
    }

    [Fact]
    public void The_previous_version_cannot_read_a_layout_2_payload_and_says_so()
    {
        var (current, previous) = Serializers();
        var bytes = current.Serialize(new IssueHead { Version = 1 });

        // What a silo of the previous version does with the row: deserialize it as its own state type with the plain serializer.
        Assert.ThrowsAny<Exception>(() => previous.Deserialize<IssueStateV1>(bytes));
    }

    [Fact]
    public void A_layout_1_payload_is_upgraded_when_read()
    {
        var (current, previous) = Serializers();
        var legacy = new IssueStateV1 { LastAction = "assigned", EventCount = 2, UpdatedAt = DateTimeOffset.UnixEpoch, Comments = { ["7"] = new CommentStateV1 { Text = "old", Deleted = false } } };
        legacy.Deliveries.BodyDigests.Add(new string('a', 64));

        var head = current.Deserialize<IssueHead>(previous.Serialize(legacy));

        Assert.Equal(("assigned", 2L, "old"), (head.LastAction, head.EventCount, head.Comments.Open.Single().Text));
        Assert.Single(head.Deliveries.Open);
    }
}
