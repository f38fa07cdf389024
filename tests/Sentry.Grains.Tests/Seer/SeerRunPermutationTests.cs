using System.Text.Json;
using Sentry.Grains.Seer;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Seer;

/// <summary>
/// Every permutation of the seven fixture events (all 5,040), each with random duplicates — the same
/// delivery again, or Sentry's retry (same body, new Request-ID, later) — ends in the same state as
/// one in-order delivery.
/// </summary>
public sealed class SeerRunPermutationTests
{
    [Fact]
    public void Any_order_with_any_duplicates_ends_in_the_in_order_state()
    {
        var events = SeerRunMachineTests.InOrder();
        var expected = Fingerprint(Run(events));
        var random = new Random(20261123);
        var permutations = 0;

        foreach (var order in Permutations(Enumerable.Range(0, events.Length).ToArray()))
        {
            var deliveries = new List<SeerEventReceived>();
            foreach (var index in order)
            {
                deliveries.Add(events[index]);
                switch (random.Next(4))
                {
                    case 0:
                        deliveries.Insert(random.Next(deliveries.Count + 1), events[index]);
                        break;
                    case 1:
                        deliveries.Add(Commands.Redelivered(events[index], 300 + random.Next(600)));
                        break;
                }
            }

            Assert.Equal(expected, Fingerprint(Run(deliveries)));
            permutations++;
        }

        Assert.Equal(5040, permutations);
    }

    private static SeerRunMachineTests.Run Run(IEnumerable<SeerEventReceived> deliveries)
    {
        var run = new SeerRunMachineTests.Run();
        foreach (var delivery in deliveries)
        {
            run.Apply(delivery);
        }

        return run;
    }

    /// <summary>Everything the run's snapshot shows, but which Request-ID of two copies of one event was kept.</summary>
    private static string Fingerprint(SeerRunMachineTests.Run run)
    {
        var snapshot = run.Snapshot(TestDeliveries.Epoch.AddDays(1));
        return JsonSerializer.Serialize(new
        {
            snapshot.Stage,
            snapshot.GroupId,
            snapshot.Stalled,
            Stages = snapshot.Stages.Select(s => new { s.Stage, s.SentAt, s.Implied }),
            snapshot.RootCause,
            snapshot.Solution,
            snapshot.Changes,
            snapshot.PullRequests,
            History = snapshot.History.Select(h => new { h.Action, h.SentAt }),
        });
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        // Heap's algorithm, iterative.
        var c = new int[items.Length];
        yield return (int[])items.Clone();
        var i = 0;
        while (i < items.Length)
        {
            if (c[i] < i)
            {
                var j = i % 2 == 0 ? 0 : c[i];
                (items[j], items[i]) = (items[i], items[j]);
                yield return (int[])items.Clone();
                c[i]++;
                i = 0;
            }
            else
            {
                c[i] = 0;
                i++;
            }
        }
    }
}
