using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sentry.Grains.Client;

/// <summary>The API's JSON (camelCase, web defaults), generated at compile time: no reflection, trimming and AOT safe.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ListResponse<IssueListItem>))]
[JsonSerializable(typeof(ListResponse<SeerRunListItem>))]
[JsonSerializable(typeof(ListResponse<MetricAlertListItem>))]
[JsonSerializable(typeof(ListResponse<InstallationListItem>))]
[JsonSerializable(typeof(ChangesResponse))]
[JsonSerializable(typeof(ProblemDetailsResponse))]
internal sealed partial class ClientJson : JsonSerializerContext
{
    /// <summary>The row type of a feed entry's <paramref name="resource"/>, or null for one this client does not know.</summary>
    public static Type? RowTypeOf(string resource) => resource switch
    {
        "issue" => typeof(IssueListItem),
        "seer" => typeof(SeerRunListItem),
        "metric_alert" => typeof(MetricAlertListItem),
        "installation" => typeof(InstallationListItem),
        _ => null,
    };
}
