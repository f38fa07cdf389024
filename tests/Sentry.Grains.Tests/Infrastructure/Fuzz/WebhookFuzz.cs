using System.Globalization;
using System.Text;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Infrastructure.Fuzz;

/// <summary>How a fuzz case signs its body.</summary>
public enum FuzzSignature
{
    /// <summary>Correctly, with the client secret (almost every case: the point is what a signed body does).</summary>
    Valid,
    PreviousSecret,
    Missing,
    WrongSecret,
    Uppercase,
    Truncated,
}

/// <summary>
/// The headers of a fuzz case. <see cref="Timestamp"/>: null sends none, <see cref="WebhookFuzz.CurrentTimestamp"/> and
/// <see cref="WebhookFuzz.FutureTimestamp"/> are filled in when sent, anything else is sent as written.
/// </summary>
public sealed record FuzzHeaders(
    string? Resource,
    string? RequestId,
    string? Timestamp,
    FuzzSignature Signature = FuzzSignature.Valid,
    bool Chunked = false,
    string? ContentType = "application/json");

/// <summary>
/// What one case is made of: its fixture, the seed of each mutation step (so a step can be dropped without changing the
/// others) and of its header variation (null: Sentry's headers), and for the sweep the place whose value it swaps.
/// </summary>
public sealed record FuzzPlan(int Seed, int Number, string Fixture, int? SweepSlot, IReadOnlyList<int> StepSeeds, int? HeaderSeed, string RequestId)
{
    public FuzzPlan WithoutStep(int index) => this with { StepSeeds = [.. StepSeeds.Where((_, i) => i != index)] };
}

/// <summary>One generated webhook: the fixture it came from, the body and headers to send, and what was done to it.</summary>
public sealed record FuzzCase(FuzzPlan Plan, byte[] Body, FuzzHeaders Headers, IReadOnlyList<string> Steps)
{
    public string Fixture => Plan.Fixture;

    /// <summary>The fixture's resource (the header sends it unless a header variation says otherwise).</summary>
    public string FixtureResource => Fixtures.ResourceOf(Plan.Fixture);

    public override string ToString() =>
        $"seed {Plan.Seed} case {Plan.Number}: {Fixture}, {Body.Length} bytes; " + string.Join("; ", Steps.DefaultIfEmpty("unchanged"));
}

/// <summary>
/// The fuzz's generator, seeded and reproducible: case <c>n</c> of seed <c>s</c> depends on <c>(s, n)</c> only. The
/// first <see cref="SweepSize"/> cases swap each value of each fixture (the root, every container and every scalar, in
/// document order) for a value of another kind; the rest take the fixtures in turn and apply one to three random
/// mutations, structural (on the JSON) first, then on the bytes, and sometimes vary the headers.
/// </summary>
public static class WebhookFuzz
{
    public const string CurrentTimestamp = "<current>";
    public const string FutureTimestamp = "<an hour ahead>";

    private static readonly Lazy<(string Fixture, int Slot)[]> Sweep = new(() =>
        [.. Fixtures.Names.SelectMany(name => Enumerable.Range(0, FuzzSlot.All(FuzzNode.Parse(Fixtures.Bytes(name)), _ => { }).Count).Select(slot => (name, slot)))]);

    /// <summary>How many cases the sweep has: one per value of every fixture.</summary>
    public static int SweepSize => Sweep.Value.Length;

    /// <summary>Fields whose value picks a grain or a record in it, per resource, besides the resource's own key.</summary>
    private static readonly Dictionary<string, string[]> OtherKeys = new(StringComparer.Ordinal)
    {
        ["comment"] = ["data.comment_id"],
        ["event_alert"] = ["data.event.event_id"],
        ["error"] = ["data.error.event_id"],
        ["seer"] = ["data.group_id"],
    };

    /// <summary>The fields that route a body of <paramref name="resource"/>: its key paths, the other keys, the envelope's installation and the action.</summary>
    public static IReadOnlyList<string> RoutingPaths(string resource) =>
    [
        "action",
        .. WebhookResources.Find(resource)?.Key.Paths ?? [],
        .. OtherKeys.GetValueOrDefault(resource) ?? [],
        "installation.uuid",
    ];

    public static FuzzPlan Plan(int seed, int number)
    {
        var random = new Random(CaseSeed(seed, number));
        var requestId = Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()));
        if (number < SweepSize)
        {
            var (fixture, slot) = Sweep.Value[number];
            return new FuzzPlan(seed, number, fixture, slot, [random.Next()], null, requestId);
        }

        var names = Fixtures.Names;
        var steps = random.Next(10) switch
        {
            < 6 => 1,
            < 9 => 2,
            _ => 3,
        };
        var stepSeeds = Enumerable.Range(0, steps).Select(_ => random.Next()).ToArray();
        var headerSeed = random.Chance(0.15) ? random.Next() : (int?)null;
        return new FuzzPlan(seed, number, names[(number - SweepSize) % names.Count], null, stepSeeds, headerSeed, requestId);
    }

    public static FuzzCase Build(FuzzPlan plan)
    {
        var original = Fixtures.Bytes(plan.Fixture);
        var resource = Fixtures.ResourceOf(plan.Fixture);
        var steps = new List<string>();
        byte[] body;
        if (plan.SweepSlot is { } slot)
        {
            var document = new Document(FuzzNode.Parse(original), resource);
            steps.Add(SwapKind(new Random(plan.StepSeeds[0]), document, document.Slots()[slot]));
            body = document.Root.ToBytes();
        }
        else
        {
            var kinds = plan.StepSeeds.Select(seed => new Random(seed)).Select(random => (Random: random, Kind: PickStep(random))).ToList();
            var structural = kinds.Where(k => k.Kind < Step.FirstByteStep).ToList();
            if (structural.Count > 0)
            {
                var document = new Document(FuzzNode.Parse(original), resource);
                steps.AddRange(structural.Select(s => Apply(s.Kind, s.Random, document)));
                body = document.Root.ToBytes();
            }
            else
            {
                body = original;
            }

            foreach (var (random, kind) in kinds.Where(k => k.Kind >= Step.FirstByteStep))
            {
                (body, var step) = Apply(kind, random, body);
                steps.Add(step);
            }
        }

        var headers = new FuzzHeaders(resource, plan.RequestId, CurrentTimestamp);
        if (plan.HeaderSeed is { } headerSeed)
        {
            var random = new Random(headerSeed);
            for (var variations = random.Chance(0.8) ? 1 : 2; variations > 0; variations--)
            {
                (headers, var step) = VaryHeaders(random, headers);
                steps.Add(step);
            }
        }

        return new FuzzCase(plan, body, headers, steps);
    }

    /// <summary>A per-case seed mixed from the run's seed and the case number (SplitMix64's finalizer).</summary>
    private static int CaseSeed(int seed, int number)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)number) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }

    private enum Step
    {
        SwapKind,
        SwapMany,
        NestDeep,
        EdgeNumber,
        NumberStringSwap,
        InvalidUtf8InString,
        LoneSurrogate,
        DuplicateMember,
        KeyField,
        LongString,
        Action,
        RemoveMember,
        AddMember,
        ReplaceRoot,
        EscapeString,
        Times,
        FirstByteStep,
        FlipBits = FirstByteStep,
        InsertBytes,
        DeleteBytes,
        Truncate,
        DuplicateBytes,
        InvalidUtf8Anywhere,
        Decorate,
    }

    private static readonly (Step Step, int Weight)[] Weights =
    [
        (Step.SwapKind, 12), (Step.SwapMany, 10), (Step.NestDeep, 4), (Step.EdgeNumber, 6), (Step.NumberStringSwap, 6),
        (Step.InvalidUtf8InString, 5), (Step.LoneSurrogate, 4), (Step.DuplicateMember, 6), (Step.KeyField, 12), (Step.LongString, 3),
        (Step.Action, 6), (Step.RemoveMember, 5), (Step.AddMember, 3), (Step.ReplaceRoot, 2), (Step.EscapeString, 3), (Step.Times, 6),
        (Step.FlipBits, 6), (Step.InsertBytes, 5), (Step.DeleteBytes, 5), (Step.Truncate, 4), (Step.DuplicateBytes, 2),
        (Step.InvalidUtf8Anywhere, 3), (Step.Decorate, 4),
    ];

    private static Step PickStep(Random random)
    {
        var roll = random.Next(Weights.Sum(w => w.Weight));
        foreach (var (step, weight) in Weights)
        {
            if ((roll -= weight) < 0)
            {
                return step;
            }
        }

        throw new InvalidOperationException("Unreachable.");
    }

    private sealed class Document(FuzzNode root, string resource)
    {
        public FuzzNode Root { get; private set; } = root;

        public string Resource { get; } = resource;

        public List<FuzzSlot> Slots() => FuzzSlot.All(Root, node => Root = node);

        public FuzzSlot? At(string path) => Slots().FirstOrDefault(s => s.Path == path);

        public List<FuzzSlot> Of(params FuzzKind[] kinds) => [.. Slots().Where(s => kinds.Contains(s.Kind))];

        /// <summary>A random place, preferring one of <paramref name="kinds"/> when there is one.</summary>
        public FuzzSlot Pick(Random random, params FuzzKind[] kinds)
        {
            var preferred = Of(kinds);
            return preferred.Count > 0 && random.Chance(0.8) ? random.Pick(preferred) : random.Pick(Slots());
        }
    }

    private static string Apply(Step step, Random random, Document document)
    {
        switch (step)
        {
            case Step.SwapKind:
                return SwapKind(random, document, random.Pick(document.Slots()));
            case Step.SwapMany:
                return SwapMany(random, document);
            case Step.NestDeep:
            {
                var slot = random.Chance(0.1) ? document.Slots()[0] : random.Pick(document.Slots());
                var depth = random.Pick([10, 62, 63, 64, 65, 100, 1000, 10000]);
                slot.Replace(FuzzValues.Nested(random, depth, random.Chance(0.5) ? slot.Node.Clone() : FuzzValues.Number(random)));
                return $"nest {Where(slot)} {depth} deep";
            }

            case Step.EdgeNumber:
            {
                var slot = document.Pick(random, FuzzKind.Number);
                var value = FuzzValues.Number(random);
                slot.Replace(value);
                return $"{Where(slot)} = {Show(value)}";
            }

            case Step.NumberStringSwap:
            {
                var slot = document.Pick(random, FuzzKind.Number, FuzzKind.String);
                var value = FuzzValues.Of(random, slot.Kind == FuzzKind.Number ? FuzzKind.String : FuzzKind.Number, slot.Node);
                slot.Replace(value);
                return $"{Where(slot)} ({slot.Kind}) = {Show(value)}";
            }

            case Step.InvalidUtf8InString:
            {
                var bad = random.Pick(FuzzValues.InvalidUtf8);
                return InsertInString(random, document, bad, $"invalid UTF-8 {Convert.ToHexString(bad)}");
            }

            case Step.LoneSurrogate:
            {
                var escape = random.Pick(FuzzValues.LoneSurrogateEscapes);
                return InsertInString(random, document, Encoding.ASCII.GetBytes(escape), $"lone surrogate escape {escape}");
            }

            case Step.DuplicateMember:
                return DuplicateMember(random, document);
            case Step.KeyField:
                return KeyField(random, document);
            case Step.LongString:
            {
                var slot = document.Pick(random, FuzzKind.String);
                var value = FuzzValues.LongString(random);
                slot.Replace(value);
                return $"{Where(slot)} = a string of {value.Text.Length} bytes";
            }

            case Step.Action:
                return Action(random, document);
            case Step.RemoveMember:
            {
                var removable = document.Slots().Where(s => s.Remove is not null).ToList();
                if (removable.Count == 0)
                {
                    return SwapKind(random, document, document.Slots()[0]);
                }

                var slot = random.Chance(0.3) && RoutingSlots(document).Where(s => s.Remove is not null).ToList() is { Count: > 0 } routing
                    ? random.Pick(routing)
                    : random.Pick(removable);
                slot.Remove!();
                return $"remove {Where(slot)}";
            }

            case Step.AddMember:
            {
                var objects = document.Of(FuzzKind.Object);
                if (objects.Count == 0)
                {
                    return SwapKind(random, document, document.Slots()[0]);
                }

                var target = random.Pick(objects);
                var name = random.Pick(["__proto__", "", "Action", "ACTION", "id", "data", "\\u0061ction", "\\u0069d", "x\\u0000"]);
                var value = FuzzValues.Of(random, random.Pick(Enum.GetValues<FuzzKind>()));
                ((FuzzObject)target.Node).Members.Insert(random.Next(((FuzzObject)target.Node).Members.Count + 1), new FuzzMember(Encoding.UTF8.GetBytes($"\"{name}\""), value));
                return $"add \"{name}\": {Show(value)} to {Where(target)}";
            }

            case Step.ReplaceRoot:
            {
                var root = document.Slots()[0];
                FuzzNode value = random.Next(6) switch
                {
                    0 => new FuzzArray([root.Node]),
                    1 => new FuzzObject([new FuzzMember(FuzzRaw.NameToken("data"), root.Node)]),
                    2 => new FuzzObject([]),
                    3 => FuzzValues.String(random),
                    4 => FuzzValues.Number(random),
                    _ => FuzzRaw.Of(random.Pick(["null", "true", "false"])),
                };
                root.Replace(value);
                return $"root = {Show(value)}";
            }

            case Step.EscapeString:
            {
                var routing = RoutingSlots(document).Where(s => s.Kind == FuzzKind.String).ToList();
                var slot = routing.Count > 0 && random.Chance(0.5) ? random.Pick(routing) : document.Pick(random, FuzzKind.String);
                if (slot.Node is not FuzzRaw raw || !FuzzRaw.TryReadString(raw.Text, out var text))
                {
                    return SwapKind(random, document, slot);
                }

                var escaped = FuzzRaw.Of("\"" + string.Concat(text.Select(c => $"\\u{(int)c:x4}")) + "\"");
                slot.Replace(escaped);
                return $"{Where(slot)} written as \\u escapes";
            }

            case Step.Times:
            {
                // Parsers fall back from one time field to another (an event's datetime, then its timestamp): break several at once.
                var times = document.Slots().Where(s => FuzzValues.IsTimeLike(s.Node)).ToList();
                if (times.Count == 0)
                {
                    return Apply(Step.EdgeNumber, random, document);
                }

                var changed = new List<string>();
                foreach (var slot in times.Where(_ => random.Chance(0.7)))
                {
                    var value = FuzzRaw.Of(random.Pick(FuzzValues.EdgeTimes));
                    slot.Replace(value);
                    changed.Add($"{Where(slot)} = {Show(value)}");
                }

                return $"times: {string.Join(", ", changed.DefaultIfEmpty("none changed"))}";
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(step));
        }
    }

    private static string SwapKind(Random random, Document document, FuzzSlot slot)
    {
        var kind = FuzzValues.OtherKind(random, slot.Kind);
        var value = FuzzValues.Of(random, kind, slot.Node);
        slot.Replace(value);
        return $"{Where(slot)} ({slot.Kind}) = {kind} {Show(value)}";
    }

    /// <summary>Swaps each value with probability p, often keeping the fields that route the body so the rest reaches the resource's parser.</summary>
    private static string SwapMany(Random random, Document document)
    {
        var p = random.Pick([0.1, 0.3, 0.6]);
        var keepRouting = random.Chance(0.7);
        var routing = RoutingPaths(document.Resource);
        var swapped = new List<string>();
        var slots = document.Slots();
        foreach (var slot in slots.Skip(1))
        {
            var inside = swapped.Any(path => slot.Path.StartsWith(path + ".", StringComparison.Ordinal) || slot.Path.StartsWith(path + "[", StringComparison.Ordinal));
            var routes = routing.Any(path => path == slot.Path || path.StartsWith(slot.Path + ".", StringComparison.Ordinal));
            if (inside || (keepRouting && routes) || !random.Chance(p))
            {
                continue;
            }

            slot.Replace(FuzzValues.Of(random, FuzzValues.OtherKind(random, slot.Kind), slot.Node));
            swapped.Add(slot.Path);
        }

        return $"swap {swapped.Count} of {slots.Count - 1} values for another kind (p={p.ToString(CultureInfo.InvariantCulture)}{(keepRouting ? ", routing kept" : "")}): {string.Join(", ", swapped.Take(6))}{(swapped.Count > 6 ? ", ..." : "")}";
    }

    private static string InsertInString(Random random, Document document, byte[] insert, string what)
    {
        if (random.Chance(0.2) && document.Of(FuzzKind.Object).SelectMany(o => ((FuzzObject)o.Node).Members).ToList() is { Count: > 0 } members)
        {
            var member = random.Pick(members);
            member.NameToken = Inserted(random, member.NameToken, insert);
            return $"{what} in member name {Show(member.NameToken)}";
        }

        var routing = RoutingSlots(document).Where(s => s.Kind == FuzzKind.String).ToList();
        var slot = routing.Count > 0 && random.Chance(0.3) ? random.Pick(routing) : document.Pick(random, FuzzKind.String);
        var token = slot.Node is FuzzRaw { Kind: FuzzKind.String } raw ? raw.Text : "\"\""u8.ToArray();
        var value = new FuzzRaw(Inserted(random, token, insert));
        slot.Replace(value);
        return $"{what} in {Where(slot)}";

        static byte[] Inserted(Random random, byte[] token, byte[] insert)
        {
            var at = 1 + random.Next(Math.Max(1, token.Length - 1));
            return [.. token[..at], .. insert, .. token[at..]];
        }
    }

    private static string DuplicateMember(Random random, Document document)
    {
        var routing = RoutingSlots(document).Where(s => s.Parent is not null).ToList();
        var withMembers = document.Slots().Where(s => s.Parent is not null).ToList();
        if (withMembers.Count == 0)
        {
            return SwapKind(random, document, document.Slots()[0]);
        }

        var slot = routing.Count > 0 && random.Chance(0.5) ? random.Pick(routing) : random.Pick(withMembers);
        var members = slot.Parent!.Members;
        var member = members.First(m => ReferenceEquals(m.Value, slot.Node));
        var value = random.Next(3) switch
        {
            0 => member.Value.Clone(),
            1 => ValidKey(random, slot.Path, document.Resource) ?? FuzzValues.Of(random, slot.Kind, slot.Node),
            _ => FuzzValues.Of(random, random.Pick(Enum.GetValues<FuzzKind>()), slot.Node),
        };
        members.Insert(random.Next(members.Count + 1), new FuzzMember(member.NameToken, value));
        return $"duplicate {Where(slot)} as {Show(value)}";
    }

    /// <summary>Values no key may take: wrong type, sign, length, characters, form.</summary>
    private static readonly string[] WrongKeys =
    [
        "\"\"", "\"0\"", "0", "-1", "\"-1\"", "-0", "1.0", "1e3", "1.5e300", "\"1.5e300\"", "\"../../x\"", "\"12345678901234567890\"",
        "18446744073709551616", "\"18446744073709551616\"", "\" 123\"", "\"123 \"", "\"１２３\"", "\"12\\u0000\"", "\"0x1F\"", "\"1_000\"", "\"+5\"",
        "true", "null", "[]", "{}", "[123]", "{\"id\":123}", "\"{a8e5d37a-696c-4c54-adb5-b3f28d64c7de}\"", "\"a8e5d37a696c4c54adb5b3f28d64c7de\"",
        "\"a8e5d37a-696c-4c54-adb5-b3f28d64c7d\"", "\"a8e5d37a-696c-4c54-adb5-b3f28d64c7dez\"", "\"g8e5d37a-696c-4c54-adb5-b3f28d64c7de\"",
        "\"e4874d664c3540c1a32eab185f12c5a\"", "\"\\ud800\"", "\"1\\u0000\"",
    ];

    /// <summary>Values that are keys of the right shape, but unusual: the longest id, leading zeros, escapes, upper case, the nil uuid.</summary>
    private static readonly string[] OddButValidKeys =
    [
        "9999999999999999999", "\"9999999999999999999\"", "\"0000000000000000042\"", "\"\\u0034\\u0032\"", "\"A8E5D37A-696C-4C54-ADB5-B3F28D64C7DE\"",
        "\"00000000-0000-0000-0000-000000000000\"", "\"E4874D664C3540C1A32EAB185F12C5AB\"", "\"e4874d66-4c35-40c1-a32e-ab185f12c5ab\"",
    ];

    private static string KeyField(Random random, Document document)
    {
        var paths = RoutingPaths(document.Resource).Where(p => p != "action").ToList();
        var path = random.Pick(paths);
        var slot = document.At(path);
        if (slot is null)
        {
            return SwapKind(random, document, random.Pick(document.Slots()));
        }

        switch (random.Next(10))
        {
            case < 5:
            {
                var value = FuzzRaw.Of(random.Chance(0.1) ? new string('8', 5000) : random.Pick(WrongKeys));
                slot.Replace(value);
                return $"key {path} = {Show(value)}";
            }

            case < 7:
            {
                var value = ValidKey(random, path, document.Resource) ?? FuzzRaw.Of(random.Pick(OddButValidKeys));
                slot.Replace(value);
                return $"key {path} = another {Show(value)}";
            }

            case < 8:
            {
                var value = FuzzRaw.Of(random.Pick(OddButValidKeys));
                slot.Replace(value);
                return $"key {path} = {Show(value)}";
            }

            case < 9 when slot.Remove is not null:
                slot.Remove();
                return $"remove key {path}";
            default:
            {
                var parent = document.At(path[..Math.Max(0, path.LastIndexOf('.'))]) ?? slot;
                var value = FuzzValues.Of(random, FuzzValues.OtherKind(random, parent.Kind), parent.Node);
                parent.Replace(value);
                return $"key's parent {Where(parent)} = {Show(value)}";
            }
        }
    }

    /// <summary>A random key of the shape <paramref name="path"/> has (a Sentry id, a uuid or an event id), or null for another field.</summary>
    private static FuzzRaw? ValidKey(Random random, string path, string resource)
    {
        if (path.EndsWith("uuid", StringComparison.Ordinal))
        {
            return FuzzRaw.String(FuzzValues.RandomGuid(random).ToString("D"));
        }

        if (path.EndsWith("event_id", StringComparison.Ordinal))
        {
            return FuzzRaw.String(FuzzValues.RandomGuid(random).ToString("N"));
        }

        if (!RoutingPaths(resource).Contains(path) || path == "action")
        {
            return null;
        }

        var id = FuzzValues.Integer(random, random.Next(1, 20)).TrimStart('-');
        return random.Chance(0.5) ? FuzzRaw.Of(id) : FuzzRaw.String(id);
    }

    private static string Action(Random random, Document document)
    {
        var slot = document.At("action");
        if (slot is null || random.Chance(0.1))
        {
            return SwapKind(random, document, slot ?? document.Slots()[0]);
        }

        if (random.Chance(0.1) && slot.Remove is not null)
        {
            slot.Remove();
            return "remove action";
        }

        var known = WebhookResources.All.SelectMany(r => r.Actions).Distinct().ToArray();
        var value = random.Next(4) switch
        {
            0 => FuzzRaw.String(random.Pick(known)),
            1 => FuzzRaw.String(random.Pick(["", "CREATED", " created", "created ", "created\0", "merged", "__proto__", "constructor", "triage_started", "seer_stage_9", "é", new string('a', 10000)])),
            2 => FuzzValues.String(random),
            _ => FuzzValues.Of(random, FuzzValues.OtherKind(random, FuzzKind.String)),
        };
        slot.Replace(value);
        return $"action = {Show(value)}";
    }

    private static List<FuzzSlot> RoutingSlots(Document document)
    {
        var routing = RoutingPaths(document.Resource);
        return [.. document.Slots().Where(s => routing.Contains(s.Path))];
    }

    private static (byte[] Body, string Step) Apply(Step step, Random random, byte[] body)
    {
        var at = random.Next(body.Length + 1);
        switch (step)
        {
            case Step.FlipBits:
            {
                var flipped = body.ToArray();
                var flips = random.Next(1, 5);
                for (var i = 0; i < flips && flipped.Length > 0; i++)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                }

                return (flipped, $"flip {flips} bit(s)");
            }

            case Step.InsertBytes:
            {
                byte[] insert = random.Chance(0.5)
                    ? [.. Enumerable.Range(0, random.Next(1, 9)).Select(_ => (byte)random.Next(256))]
                    : Encoding.UTF8.GetBytes(random.Pick(["{", "}", "[", "]", "\"", "\\", ",", ":", "\0", "null", "\"\\u0000\"", "-", "e", ".", "\"a\":1,", "\u00a0"]));
                return ([.. body[..at], .. insert, .. body[at..]], $"insert {Convert.ToHexString(insert)} at byte {at}");
            }

            case Step.DeleteBytes:
            {
                var length = Math.Min(body.Length - at, random.Chance(0.1) ? random.Next(1, Math.Max(2, body.Length / 4)) : random.Next(1, 17));
                return ([.. body[..at], .. body[(at + length)..]], $"delete {length} byte(s) at {at}");
            }

            case Step.Truncate:
                return (body[..at], $"truncate to {at} bytes");
            case Step.DuplicateBytes:
            {
                var from = random.Next(body.Length + 1);
                var length = Math.Min(body.Length - from, random.Next(1, 65));
                return ([.. body[..at], .. body.AsSpan(from, length), .. body[at..]], $"copy {length} byte(s) from {from} to {at}");
            }

            case Step.InvalidUtf8Anywhere:
            {
                var bad = random.Pick(FuzzValues.InvalidUtf8);
                return ([.. body[..at], .. bad, .. body[at..]], $"invalid UTF-8 {Convert.ToHexString(bad)} at byte {at}");
            }

            case Step.Decorate:
            {
                var last = Array.LastIndexOf(body, (byte)'}');
                return random.Next(9) switch
                {
                    0 => ([0xEF, 0xBB, 0xBF, .. body], "UTF-8 byte order mark first"),
                    1 => ([.. " \t\r\n"u8, .. body, .. "\n\n"u8], "whitespace around"),
                    2 => ([.. "/* c */"u8, .. body], "a comment first"),
                    3 => ([.. "// c\n"u8, .. body], "a line comment first"),
                    4 when last > 0 => ([.. body[..last], .. ","u8, .. body[last..]], "a trailing comma"),
                    5 => ([.. body, .. " x"u8], "garbage after the document"),
                    6 => ([.. body, .. "{}"u8], "a second document"),
                    7 => ([0xC2, 0xA0, .. body], "a no-break space first"),
                    _ => ([0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(body))], "re-encoded as UTF-16 with its byte order mark"),
                };
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(step));
        }
    }

    private static (FuzzHeaders Headers, string Step) VaryHeaders(Random random, FuzzHeaders headers)
    {
        switch (random.Next(6))
        {
            case 0:
            {
                var timestamp = random.Pick<string?>([
                    null, "", "abc", "-1", "1.5", "1e9", "0x10", "99999999999999999999", "253402300799", "253402300800", "0", "1",
                    "18446744073709551616", "+1700000000", "1700000000 1700000001", "4102444800", FutureTimestamp, "00001700000000"]);
                return (headers with { Timestamp = timestamp }, $"Sentry-Hook-Timestamp {Show(timestamp)}");
            }

            case 1:
            {
                var requestId = random.Pick<string?>([
                    null, "", " ", "a b", new string('r', 128), new string('r', 129), new string('r', 4000), "\t", "<script>", "../../x", "%00",
                    "fuzz-repeated-request-id", "\"quoted\""]);
                return (headers with { RequestId = requestId }, $"Request-ID {Show(requestId)}");
            }

            case 2:
            {
                var resource = random.Chance(0.5)
                    ? random.Pick(WebhookResources.All).Name
                    : random.Pick<string?>([null, "", "size_analysis", "Issue", "ISSUE", "issues", "issue,comment", "installation.created", new string('r', 300)]);
                return (headers with { Resource = resource }, $"Sentry-Hook-Resource {Show(resource)}");
            }

            case 3:
            {
                var signature = random.Pick([FuzzSignature.PreviousSecret, FuzzSignature.Missing, FuzzSignature.WrongSecret, FuzzSignature.Uppercase, FuzzSignature.Truncated]);
                return (headers with { Signature = signature }, $"signature {signature}");
            }

            case 4:
                return (headers with { Chunked = true }, "chunked, no Content-Length");
            default:
            {
                var contentType = random.Pick<string?>([null, "text/plain", "application/json; charset=latin1", "application/x-www-form-urlencoded"]);
                return (headers with { ContentType = contentType }, $"Content-Type {Show(contentType)}");
            }
        }
    }

    private static string Where(FuzzSlot slot) => slot.Path.Length == 0 ? "the root" : slot.Path;

    /// <summary>At most 60 characters of a value, control characters and non-ASCII escaped.</summary>
    public static string Show(FuzzNode node) => Show(node.ToBytes());

    public static string Show(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 60));
        var shown = string.Concat(text.Select(c => c is < ' ' or > '~' ? $"\\x{(int)c:x2}" : c.ToString()));
        return bytes.Length > 60 ? $"{shown}… ({bytes.Length} bytes)" : shown;
    }

    private static string Show(string? header) => header is null ? "absent" : Show(Encoding.UTF8.GetBytes($"'{header}'"));
}
