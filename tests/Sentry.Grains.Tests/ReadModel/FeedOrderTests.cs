using Npgsql;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Silo.ReadModel;
using Sentry.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sentry.Grains.Tests.ReadModel;

/// <summary>
/// The classic trap of a sequence cursor: a transaction that took its sequence number early and commits late. Here
/// several writers publish concurrently while a slow one holds its transaction open across others' commits; a reader
/// polling throughout must still see every entry exactly once, each key's versions in order, with no gaps.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FeedOrderTests(PostgresStores stores, ITestOutputHelper output) : IClassFixture<PostgresStores>
{
    [Fact]
    public async Task A_reader_polling_through_concurrent_and_late_committing_writers_misses_nothing()
    {
        var serviceId = $"feed-{Guid.NewGuid():N}";
        var store = new PostgresReadModelStore(stores.Database, serviceId);
        var expected = new List<(string Key, long Version)>();
        var writersDone = new CancellationTokenSource();

        async Task FastWriterAsync(string key)
        {
            for (var version = 1; version <= 60; version++)
            {
                await store.ApplyAsync([Change(key, version)], default);
                lock (expected)
                {
                    expected.Add((key, version));
                }
            }
        }

        async Task SlowWriterAsync()
        {
            for (var version = 1; version <= 12; version++)
            {
                // Insert (which assigns the transaction id now), then hold the transaction while others commit.
                await using var connection = await stores.Database.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await using (var insert = new NpgsqlCommand(
                    "INSERT INTO sentry_grains_changes (service_id, kind, resource, key, version, at, data) VALUES (@s, 'issue.status', 'issue', 'slow', @v, now(), '{}')",
                    connection,
                    transaction))
                {
                    insert.Parameters.AddWithValue("s", serviceId);
                    insert.Parameters.AddWithValue("v", (long)version);
                    await insert.ExecuteNonQueryAsync();
                }

                await Task.Delay(Random.Shared.Next(50, 250));
                await transaction.CommitAsync();
                lock (expected)
                {
                    expected.Add(("slow", version));
                }
            }
        }

        var seen = new List<(string Key, long Version)>();
        var polls = 0;
        async Task ReadAsync()
        {
            var after = FeedCursor.Start;
            while (true)
            {
                var finished = writersDone.IsCancellationRequested;
                var page = await store.ReadChangesAsync(new FeedQuery(after, [], 25), default);
                seen.AddRange(page.Entries.Select(e => (e.Key, e.Version)));
                after = page.Next;
                polls++;
                if (finished && page.Entries.Count == 0)
                {
                    return;
                }
            }
        }

        var reader = ReadAsync();
        await Task.WhenAll(FastWriterAsync("1"), FastWriterAsync("2"), FastWriterAsync("3"), FastWriterAsync("4"), SlowWriterAsync());
        await writersDone.CancelAsync();
        await reader;

        output.WriteLine($"{expected.Count} entries from 4 fast writers and 1 late-committing writer; the reader polled {polls} times and saw {seen.Count}");
        Assert.Equal(expected.Count, seen.Count);
        Assert.Equal(expected.Order(), seen.Order());
        foreach (var key in seen.Select(s => s.Key).Distinct())
        {
            Assert.Equal(seen.Where(s => s.Key == key).Select(s => s.Version).Order(), seen.Where(s => s.Key == key).Select(s => s.Version));
        }
    }

    [Fact]
    public async Task Entries_are_read_in_transaction_order_when_transaction_ids_differ_in_digit_count()
    {
        // Transaction ids 9, 10, 99, 100 and 1000 sort differently as text ("10" < "9"): a cluster crosses such a
        // boundary every time its transaction counter gains a digit, and a reader must neither stall nor skip there.
        var serviceId = $"digits-{Guid.NewGuid():N}";
        var store = new PostgresReadModelStore(stores.Database, serviceId);
        long[] transactions = [1000, 9, 100, 10, 99];
        foreach (var xid in transactions)
        {
            await using var insert = stores.Database.CreateCommand(
                "INSERT INTO sentry_grains_changes (xid, service_id, kind, resource, key, version, at, data) VALUES (@x::text::xid8, @s, 'issue.status', 'issue', @k, 1, now(), '{}')");
            insert.Parameters.AddWithValue("x", xid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("s", serviceId);
            insert.Parameters.AddWithValue("k", $"x{xid}");
            await insert.ExecuteNonQueryAsync();
        }

        foreach (IReadOnlyList<string> kinds in new[] { Array.Empty<string>(), ["issue"] })
        {
            var read = new List<string>();
            var after = FeedCursor.Start;
            for (var polls = 0; polls < 10; polls++)
            {
                var page = await store.ReadChangesAsync(new FeedQuery(after, kinds, 2), default);
                read.AddRange(page.Entries.Select(e => e.Key));
                Assert.True(page.Next >= after, "the cursor never moves back");
                after = page.Next;
                if (page.Entries.Count == 0)
                {
                    break;
                }
            }

            Assert.Equal(["x9", "x10", "x99", "x100", "x1000"], read);
            Assert.Equal(1000, after.Transaction);
        }

        Assert.Equal(1000, (await store.LatestCursorAsync(default)).Transaction);
    }

    private static PendingChange Change(string key, long version) =>
        new("issue.status", version, DateTimeOffset.UtcNow, new IssueRow { Key = key, Version = version, Status = "unresolved" }, null);
}
