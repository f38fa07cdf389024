using System.Text.Json;
using Sentry.Grains.Installations;
using Sentry.Grains.MetricAlerts;

namespace Sentry.Grains.Webhooks;

/// <summary>
/// Turns a verified webhook body into one typed command, per <c>Sentry-Hook-Resource</c>.
/// The body is the envelope <c>{action, installation:{uuid}, data, actor}</c>; fields we do not know
/// are ignored, a missing key field throws <see cref="WebhookFormatException"/> naming it.
/// Resource-specific parts live in the partial files beside this one.
/// </summary>
public static partial class WebhookParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    public static ParsedWebhook Parse(string resource, ReadOnlyMemory<byte> body, Delivery delivery)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException error)
        {
            throw new WebhookFormatException($"The body is not valid JSON: {error.Message}", error);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new WebhookFormatException("The body must be a JSON object.");
            }

            var action = root.String("action");
            if (!WebhookResources.Actions.TryGetValue(resource, out var known) && resource != WebhookResources.Seer)
            {
                return new ParsedWebhook(resource, action, null, null);
            }

            if (string.IsNullOrEmpty(action))
            {
                throw new WebhookFormatException("'action' is missing.");
            }

            if (known is not null && !known.Contains(action))
            {
                return new ParsedWebhook(resource, action, null, null);
            }

            var data = root.Object("data") ?? throw new WebhookFormatException("'data' is missing or not an object.");
            var actor = ReadActor(root);
            IWebhookCommand command = resource switch
            {
                WebhookResources.Issue => ParseIssue(data, action, actor, delivery),
                WebhookResources.Comment => ParseComment(data, action, actor, delivery),
                WebhookResources.EventAlert => ParseEvent(data, "event", resource, action, delivery),
                WebhookResources.Error => ParseEvent(data, "error", resource, action, delivery),
                WebhookResources.ActivityAlert => ParseActivity(data, action, delivery),
                WebhookResources.Installation => ParseInstallation(root, data, action, actor, delivery),
                WebhookResources.MetricAlert => ParseMetricAlert(data, action, actor, delivery),
                WebhookResources.Seer => ParseSeer(data, action, delivery),
                _ => throw new InvalidOperationException($"No parser for resource '{resource}'."),
            };
            return new ParsedWebhook(resource, action, GrainKeyOf(command), command);
        }
    }

    private static string GrainKeyOf(IWebhookCommand command) => command switch
    {
        Issues.IssueChanged c => c.Issue.Id,
        Issues.CommentChanged c => c.IssueId,
        Issues.IssueEventReceived c => c.IssueId,
        Issues.IssueActivityReceived c => c.Issue.Id,
        InstallationChanged c => c.Uuid,
        MetricAlertChanged c => c.Alert.Id,
        Seer.SeerEventReceived c => c.RunId,
        _ => throw new InvalidOperationException($"No grain key for {command.GetType().Name}."),
    };

    private static Actor? ReadActor(JsonElement root) =>
        root.Object("actor") is { } actor ? new Actor(actor.String("type") ?? "unknown", actor.String("id"), actor.String("name")) : null;

    private static string Require(string? value, string path) =>
        string.IsNullOrWhiteSpace(value) ? throw new WebhookFormatException($"'{path}' is missing.") : value;

    private static JsonElement RequireObject(JsonElement parent, string name, string path) =>
        parent.Object(name) ?? throw new WebhookFormatException($"'{path}' is missing or not an object.");

    private static InstallationChanged ParseInstallation(JsonElement root, JsonElement data, string action, Actor? actor, Delivery delivery)
    {
        var installation = data.Object("installation");
        var uuid = installation?.String("uuid") ?? root.Object("installation")?.String("uuid");
        var organization = installation?.Object("organization");
        var app = installation?.Object("app");
        return new InstallationChanged(
            delivery,
            action,
            actor,
            Require(uuid, "data.installation.uuid"),
            installation?.String("status"),
            organization?.String("slug"),
            organization?.String("id"),
            app?.String("uuid"),
            app?.String("slug"),
            installation?.String("code"));
    }

    private static MetricAlertChanged ParseMetricAlert(JsonElement data, string action, Actor? actor, Delivery delivery)
    {
        var alert = RequireObject(data, "metric_alert", "data.metric_alert");
        var rule = alert.Object("alert_rule");
        var fields = new MetricAlertFields
        {
            Id = Require(alert.String("id"), "data.metric_alert.id"),
            Identifier = alert.String("identifier"),
            Title = alert.String("title"),
            IncidentStatus = alert.Int32("status"),
            AlertRule = rule is { } r
                ? new AlertRule(r.String("id"), r.String("name"), r.String("aggregate"), r.String("query"), r.String("dataset"), r.Int32("time_window"))
                : null,
            DateStarted = alert.Date("date_started"),
            DateDetected = alert.Date("date_detected"),
            DateClosed = alert.Date("date_closed"),
            DescriptionTitle = data.String("description_title"),
            DescriptionText = data.String("description_text"),
            WebUrl = data.String("web_url"),
        };
        return new MetricAlertChanged(delivery, action, actor, fields);
    }
}
