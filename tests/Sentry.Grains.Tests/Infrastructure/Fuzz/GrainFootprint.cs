using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Sentry.Grains.Installations;
using Sentry.Grains.Issues;
using Sentry.Grains.MetricAlerts;
using Sentry.Grains.Seer;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Infrastructure.Fuzz;

/// <summary>One grain's head row: every write of the grain writes it (its delivery memory lives there).</summary>
public sealed record GrainHead(string Grain, string Key, string StateName, GrainId Id)
{
    public override string ToString() => $"{Grain} {KeyShapes.Quote(Key)}";
}

/// <summary>
/// The grains a body names, read independently of the service's parser and more leniently: every value at any of the
/// resource's key paths (every copy of a duplicated member; a number or a string), as written and in every canonical
/// form it could be taken for. A Seer body also names its issue (<c>data.group_id</c>). Reads what the in-process grain
/// storage holds for them, without activating them.
/// </summary>
public static class GrainFootprint
{
    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 100_000 };

    public static IEnumerable<GrainHead> Named(IGrainFactory grains, string? resourceName, byte[] body)
    {
        if (WebhookResources.Find(resourceName) is not { } resource)
        {
            return [];
        }

        var heads = new List<GrainHead>();
        foreach (var root in Roots(body))
        {
            foreach (var value in resource.Key.Paths.SelectMany(path => At(root, path)))
            {
                heads.AddRange(Candidates(value, resource.Key.Shape).Select(key => Head(grains, resource.Grain, key)));
            }

            if (resource.Name == "seer")
            {
                heads.AddRange(At(root, "data.group_id").SelectMany(v => Candidates(v, KeyShape.SentryId)).Select(key => Head(grains, "Issue", key)));
            }
        }

        return heads;
    }

    public static GrainHead Head(IGrainFactory grains, string grain, string key) => grain switch
    {
        "Issue" => new(grain, key, IssueGrain.StateName, grains.GetGrain<IIssueGrain>(key).GetGrainId()),
        "SeerRun" => new(grain, key, SeerRunGrain.StateName, grains.GetGrain<ISeerRunGrain>(key).GetGrainId()),
        "MetricAlert" => new(grain, key, MetricAlertGrain.StateName, grains.GetGrain<IMetricAlertGrain>(key).GetGrainId()),
        "Installation" => new(grain, key, InstallationGrain.StateName, grains.GetGrain<IInstallationGrain>(key).GetGrainId()),
        _ => throw new ArgumentOutOfRangeException(nameof(grain), grain, "A grain the fuzz does not know: add it here."),
    };

    /// <summary>The documents the body can be read as: as it is, and, if it is not UTF-8, with the bad bytes replaced (so a key beside one still counts).</summary>
    private static IEnumerable<JsonElement> Roots(byte[] body)
    {
        if (Parse(body) is { } root)
        {
            yield return root;
        }

        if (!Utf8.IsValid(body) && Parse(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body))) is { } replaced)
        {
            yield return replaced;
        }

        static JsonElement? Parse(byte[] bytes)
        {
            try
            {
                using var document = JsonDocument.Parse(bytes, Lenient);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>Every value at the dotted <paramref name="path"/>, through every copy of a duplicated member.</summary>
    private static IEnumerable<JsonElement> At(JsonElement root, string path)
    {
        IEnumerable<JsonElement> current = [root];
        foreach (var name in path.Split('.'))
        {
            current = current.Where(e => e.ValueKind == JsonValueKind.Object)
                .SelectMany(e => e.EnumerateObject().Where(p => NameIs(p, name)).Select(p => p.Value))
                .ToList();
        }

        return current;
    }

    /// <summary>False for a name that cannot be decoded (an escaped lone surrogate).</summary>
    private static bool NameIs(JsonProperty property, string name)
    {
        try
        {
            return property.NameEquals(name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The key as written, and what it could canonically be: digits without leading zeros, a parsed number, a uuid in any form.</summary>
    private static IEnumerable<string> Candidates(JsonElement value, KeyShape shape)
    {
        string text;
        try
        {
            text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() ?? "",
                JsonValueKind.Number => value.GetRawText(),
                _ => "",
            };
        }
        catch (InvalidOperationException)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            // Not a grain key at all: Orleans refuses it.
            yield break;
        }

        yield return text;
        var trimmed = text.Trim();
        if (shape == KeyShape.Uuid)
        {
            if (Guid.TryParse(trimmed, out var uuid))
            {
                yield return uuid.ToString("D");
            }

            yield break;
        }

        if (decimal.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number) && number > 0)
        {
            yield return number.ToString("0", CultureInfo.InvariantCulture);
        }
        else if (trimmed.Length > 0 && trimmed.All(char.IsAsciiDigit))
        {
            yield return trimmed.TrimStart('0') is { Length: > 0 } digits ? digits : "0";
        }
    }
}
