using System.Text.Json;
using System.Text.Unicode;

namespace Sentry.Grains.Webhooks;

/// <summary>
/// Turns a verified webhook body into one typed command, driven by the resource's declaration in
/// <see cref="WebhookResources"/>: the envelope <c>{action, installation:{uuid}, data, actor}</c> is read once, the
/// grain key is checked against its shape, and the resource's own parser (beside its rules) builds the command.
/// Fields we do not know are ignored. Anything that cannot be read — invalid UTF-8, malformed or ambiguous JSON
/// (duplicate members, nesting deeper than <see cref="MaxDepth"/>), a missing or misshapen key field, a string or a
/// member name that is not valid Unicode — is a <see cref="WebhookFormatException"/> whose message says what was wrong.
/// </summary>
public static class WebhookParser
{
    /// <summary>Deeper bodies are refused: Sentry's payloads nest a handful of levels.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = false };

    public static ParsedWebhook Parse(string resourceName, ReadOnlyMemory<byte> body, Delivery delivery)
    {
        if (!Utf8.IsValid(body.Span))
        {
            throw new WebhookFormatException("The body is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException error)
        {
            throw new WebhookFormatException($"The body is not valid JSON: {error.Message}", error);
        }
        catch (InvalidOperationException error)
        {
            // The duplicate-member check decodes every member name: one holding an escaped lone UTF-16 surrogate cannot be.
            throw new WebhookFormatException($"A member name in the body cannot be read: {error.Message}", error);
        }

        using (document)
        {
            try
            {
                return Parse(resourceName, document.RootElement, delivery);
            }
            catch (InvalidOperationException error)
            {
                // A string System.Text.Json cannot decode, e.g. an escaped lone UTF-16 surrogate ("\ud800").
                throw new WebhookFormatException($"A value in the body cannot be read: {error.Message}", error);
            }
        }
    }

    private static ParsedWebhook Parse(string resourceName, JsonElement root, Delivery delivery)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookFormatException("The body must be a JSON object.");
        }

        var action = root.Child("action") switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } value => value.GetString(),
            _ => throw new WebhookFormatException("'action' must be a string."),
        };
        var resource = WebhookResources.Find(resourceName);
        if (resource is null)
        {
            return new ParsedWebhook(null, action, null, null);
        }

        if (string.IsNullOrEmpty(action))
        {
            throw new WebhookFormatException("'action' is missing.");
        }

        if (!resource.Handles(action))
        {
            return new ParsedWebhook(resource, action, null, null);
        }

        var data = root.Object("data") ?? throw new WebhookFormatException("'data' is missing or not an object.");
        var key = ReadKey(root, resource.Key);
        var installation = root.Object("installation") is { } envelopeInstallation
            ? WebhookEnvelope.OptionalKey(envelopeInstallation, "uuid", "installation.uuid", KeyShape.Uuid)
            : null;
        var envelope = new WebhookEnvelope(root, data, action, key, ReadActor(root), delivery with { InstallationUuid = installation });
        return new ParsedWebhook(resource, action, key, resource.Parse(envelope));
    }

    /// <summary>The first of the key field's paths that is present, checked against its shape.</summary>
    private static string ReadKey(JsonElement root, KeyField field)
    {
        foreach (var path in field.Paths)
        {
            if (At(root, path) is not { } value)
            {
                continue;
            }

            return field.Shape.TryRead(value, out var key)
                ? key
                : throw new WebhookFormatException($"'{path}' must be {field.Shape.Describe()}; got {KeyShapes.DescribeValue(value)}.");
        }

        throw new WebhookFormatException($"'{field.Name}' is missing.");
    }

    private static JsonElement? At(JsonElement root, string path)
    {
        JsonElement? current = root;
        foreach (var name in path.Split('.'))
        {
            current = current?.Child(name);
        }

        return current;
    }

    private static Actor? ReadActor(JsonElement root) =>
        root.Object("actor") is { } actor ? new Actor(actor.String("type") ?? "unknown", actor.String("id"), actor.String("name")) : null;
}
