using System.Reflection;
using Sentry.Grains.Seer;
using ClientKinds = Sentry.Grains.Client.ChangeKinds;
using ClientSeerStage = Sentry.Grains.Client.SeerStage;
using ServerKinds = Sentry.Grains.ReadModel.ChangeKinds;

namespace Sentry.Grains.Tests.Client;

/// <summary>The client's vocabularies are the server's: every kind and resource of the feed, every Seer stage.</summary>
public sealed class ClientContractTests
{
    [Fact]
    public void The_clients_change_kinds_are_the_feeds_kinds_and_resources()
    {
        var client = typeof(ClientKinds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!);
        Assert.Equal(ServerKinds.Filters.Order(StringComparer.Ordinal), client.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_clients_seer_stages_are_the_servers()
    {
        var client = typeof(ClientSeerStage).GetProperties(BindingFlags.Public | BindingFlags.Static).Select(p => ((ClientSeerStage)p.GetValue(null)!).Value);
        Assert.Equal(SeerStages.InOrder.Select(s => s.Name()).Order(StringComparer.Ordinal), client.Order(StringComparer.Ordinal));
    }
}
