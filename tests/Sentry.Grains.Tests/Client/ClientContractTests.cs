using System.Reflection;
using System.Text.Json;
using Sentry.Grains.MetricAlerts;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Seer;
using Api = Sentry.Grains.Client;
using ClientKinds = Sentry.Grains.Client.ChangeKinds;
using ClientSeerStage = Sentry.Grains.Client.SeerStage;
using ServerInstallationStatus = Sentry.Grains.Installations.InstallationStatus;
using ServerKinds = Sentry.Grains.ReadModel.ChangeKinds;

namespace Sentry.Grains.Tests.Client;

/// <summary>
/// The client's vocabularies are the server's: every kind and resource of the feed, every Seer stage, every status a
/// list filters on, every resource a feed entry's row belongs to and every field of a row. A change on either side
/// that the other does not follow fails here.
/// </summary>
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
        Assert.Equal(SeerStages.InOrder.Select(s => s.Name()).Order(StringComparer.Ordinal), KnownValues<ClientSeerStage>(s => s.Value));
    }

    [Fact]
    public void The_clients_metric_alert_statuses_are_the_ones_the_list_filters_on()
    {
        Assert.Equal(MetricAlertWebhooks.MetricAlert.Actions.Order(StringComparer.Ordinal), KnownValues<Api.MetricAlertStatus>(s => s.Value));
    }

    [Fact]
    public void The_clients_installation_statuses_are_the_servers_as_the_api_writes_them()
    {
        var server = Enum.GetValues<ServerInstallationStatus>().Select(s => JsonSerializer.Serialize(s, FeedJson.Options).Trim('"'));
        Assert.Equal(server.Order(StringComparer.Ordinal), KnownValues<Api.InstallationStatus>(s => s.Value));
    }

    public static TheoryData<string, Type> Resources => new()
    {
        { IssueRow.ResourceName, typeof(Api.IssueListItem) },
        { SeerRunRow.ResourceName, typeof(Api.SeerRunListItem) },
        { MetricAlertRow.ResourceName, typeof(Api.MetricAlertListItem) },
        { InstallationRow.ResourceName, typeof(Api.InstallationListItem) },
    };

    [Theory]
    [MemberData(nameof(Resources))]
    public void A_feed_entry_of_each_server_resource_reads_as_its_clients_row_type(string resource, Type rowType)
    {
        var entry = new Api.ChangeEntry
        {
            Cursor = "c",
            Kind = resource + ".x",
            Resource = resource,
            Key = "1",
            Version = 1,
            At = DateTimeOffset.UnixEpoch,
            Data = JsonDocument.Parse("""{"row":{"key":"1","version":1}}""").RootElement,
        };

        Assert.IsType(rowType, entry.ReadRow());
    }

    public static TheoryData<Type, Type> Rows => new()
    {
        { typeof(IssueRow), typeof(Api.IssueListItem) },
        { typeof(SeerRunRow), typeof(Api.SeerRunListItem) },
        { typeof(MetricAlertRow), typeof(Api.MetricAlertListItem) },
        { typeof(InstallationRow), typeof(Api.InstallationListItem) },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_clients_list_items_have_every_field_of_the_servers_rows(Type server, Type client)
    {
        // The server's 'resource' is not written into rows; the client's IsStalled is computed from StalledSince.
        var serverFields = Properties(server).Except(["Resource"]);
        var clientFields = Properties(client).Except(["IsStalled"]);
        Assert.Equal(serverFields, clientFields);
    }

    private static IEnumerable<string> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Order(StringComparer.Ordinal);

    /// <summary>The values of a client value type's static properties (its known values), sorted.</summary>
    private static IEnumerable<string> KnownValues<T>(Func<T, string> value) =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == typeof(T))
            .Select(p => value((T)p.GetValue(null)!)).Order(StringComparer.Ordinal);
}
