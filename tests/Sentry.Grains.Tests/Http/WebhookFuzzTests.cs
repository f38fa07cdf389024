using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sentry.Grains.Installations;
using Sentry.Grains.Silo.Webhooks;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Tests.Infrastructure.Fuzz;
using Sentry.Grains.Webhooks;
using Xunit.Abstractions;

namespace Sentry.Grains.Tests.Http;

/// <summary>
/// Fuzzes the real pipeline: thousands of mutations of every fixture (<see cref="WebhookFuzz"/>), signed and sent to the
/// real host on 127.0.0.1 one at a time. Every answer is 200 or a 4xx. A 4xx is problem details and wrote nothing: no
/// row added, and neither the grain the fixture targets nor any grain the mutated body names was written. A 200 is
/// applied (which wrote), duplicate, stale or ignored (which wrote nothing), and wrote only grains whose key has its
/// shape. CI (<c>CI=true</c>) runs the fixed seed <see cref="CiSeed"/>, so a red build always reproduces; elsewhere a new
/// seed each run widens the search. The seed is printed on failure with the command that re-runs it:
/// <c>SENTRY_GRAINS_FUZZ_SEED</c> re-runs a seed, <c>SENTRY_GRAINS_FUZZ_CASE</c> one case of it, <c>SENTRY_GRAINS_FUZZ_CASES</c> sets the number of cases.
/// </summary>
public sealed partial class WebhookFuzzTests(WebhookFuzzHost fuzz, ITestOutputHelper output) : IClassFixture<WebhookFuzzHost>
{
    /// <summary>Cases in a normal run: the sweep (one per value of every fixture) and random mutations up to this many.</summary>
    public const int Cases = 5000;

    /// <summary>The seed CI runs.</summary>
    public const int CiSeed = 20261130;

    private static readonly string[] Outcomes = ["applied", "duplicate", "stale", "ignored"];

    private readonly ConcurrentDictionary<string, GrainHead[]> fixtureHeads = new(StringComparer.Ordinal);

    private long lastTimestamp;

    private ServiceHost Host => fuzz.Host;

    [Fact]
    public async Task Mutated_fixtures_answer_200_or_a_problem_that_wrote_nothing()
    {
        var seed = Setting("SENTRY_GRAINS_FUZZ_SEED") ?? (Environment.GetEnvironmentVariable("CI") == "true" ? CiSeed : Random.Shared.Next());
        var only = Setting("SENTRY_GRAINS_FUZZ_CASE");
        var count = Setting("SENTRY_GRAINS_FUZZ_CASES") ?? Cases;
        output.WriteLine($"webhook fuzz: seed {seed}, {(only is { } single ? $"case {single}" : $"{count} cases ({WebhookFuzz.SweepSize} of them the sweep)")}");

        foreach (var fixture in Fixtures.Names)
        {
            await Host.Webhooks.SendFixtureAsync(fixture);
        }

        await QuietAsync();

        var stopwatch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var tally = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var numbers = only is { } one ? [one] : Enumerable.Range(0, count);
        var ran = 0;
        foreach (var number in numbers)
        {
            var plan = WebhookFuzz.Plan(seed, number);
            var @case = WebhookFuzz.Build(plan);
            var result = await RunAsync(@case);
            ran++;
            tally[result.Answer] = tally.GetValueOrDefault(result.Answer) + 1;
            if (result.Failure is not null)
            {
                failures.Add(await ReportAsync(@case, result));
                if (failures.Count == 3)
                {
                    break;
                }
            }
        }

        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var summary = $"{ran} cases in {stopwatch.Elapsed.TotalSeconds:0.0} s ({cpuSeconds:0.0} s of CPU in this process: client, service and any test beside them): "
            + string.Join(", ", tally.Select(t => $"{t.Key} {t.Value}"));
        output.WriteLine(summary);
        Assert.True(
            failures.Count == 0,
            $"Webhook fuzz, seed {seed}: {failures.Count} failing case(s) (stopped at 3). Re-run the seed with SENTRY_GRAINS_FUZZ_SEED={seed} "
            + $"dotnet test tests/Sentry.Grains.Tests --filter \"FullyQualifiedName~{nameof(WebhookFuzzTests)}\"\n{summary}\n\n{string.Join("\n\n", failures)}");

        if (only is null && count >= Cases)
        {
            // The generator reaches every kind of answer; a fuzz whose bodies all fail early would prove little.
            Assert.True(tally.GetValueOrDefault("200 applied") >= count / 20, summary);
            Assert.True(tally.GetValueOrDefault("400") >= count / 5, summary);
            Assert.True(tally.GetValueOrDefault("200 ignored") > 0 && tally.GetValueOrDefault("401") > 0, summary);
        }
    }

    private sealed record CaseResult(string Answer, string? Failure, string Response, IReadOnlyList<string> ServerErrors);

    private async Task<CaseResult> RunAsync(FuzzCase @case)
    {
        var silo = Host.Services;
        var heads = fixtureHeads.GetOrAdd(@case.Fixture, fixture => [.. GrainFootprint.Named(Host.Grains, Fixtures.ResourceOf(fixture), Fixtures.Bytes(fixture))])
            .Concat(GrainFootprint.Named(Host.Grains, @case.FixtureResource, @case.Body))
            .Concat(GrainFootprint.Named(Host.Grains, @case.Headers.Resource, @case.Body))
            .DistinctBy(h => (h.StateName, h.Id))
            .ToList();
        var rowsBefore = StoredState.RowCount(silo);
        var before = heads.Select(h => StoredState.Payload(silo, h.StateName, h.Id)).ToList();
        var errorsBefore = fuzz.Errors.Count;

        int status;
        string? mediaType;
        string text;
        try
        {
            using var request = Request(@case);
            using var response = await Host.Http.SendAsync(request);
            status = (int)response.StatusCode;
            mediaType = response.Content.Headers.ContentType?.MediaType;
            text = await response.Content.ReadAsStringAsync();
        }
        catch (HttpRequestException error)
        {
            return new CaseResult("no answer", $"no answer: {error.Message}", "", fuzz.Errors.Skip(errorsBefore).ToList());
        }

        var rowsAdded = StoredState.RowCount(silo) - rowsBefore;
        var written = heads.Where((h, i) => !ReferenceEquals(before[i], StoredState.Payload(silo, h.StateName, h.Id))).ToList();
        var wrote = rowsAdded != 0 || written.Count > 0;
        var writes = $"{rowsAdded} row(s) added; written: {(written.Count == 0 ? "none" : string.Join(", ", written))} (of {string.Join(", ", heads)})";

        string answer;
        string? failure;
        if (status is >= 400 and < 500)
        {
            answer = status.ToString(CultureInfo.InvariantCulture);
            failure = ProblemDetailsFailure(status, mediaType, text)
                ?? (wrote ? $"a {status} wrote: {writes}" : null);
        }
        else if (status == 200)
        {
            var outcome = Read(text, "outcome");
            answer = $"200 {outcome}";
            failure = !Outcomes.Contains(outcome) ? $"200 with outcome {outcome}"
                : @case.Headers.Signature is not (FuzzSignature.Valid or FuzzSignature.PreviousSecret) ? "200 for a body whose signature is wrong"
                : Read(text, "requestId") != @case.Headers.RequestId ? $"200 answering Request-ID {Read(text, "requestId")}"
                : Read(text, "resource") != @case.Headers.Resource ? $"200 answering resource {Read(text, "resource")}"
                : outcome == "ignored" && wrote ? $"ignored, but wrote: {writes}"
                : written.FirstOrDefault(h => !HasItsShape(h)) is { } misshapen ? $"wrote {misshapen}, whose key does not have its shape"
                : Unreadable(@case.Body) is { } unreadable ? $"200 for a body that cannot be read: {unreadable}"
                : outcome == "applied" && !wrote ? $"applied, but wrote nothing: {writes}"
                : null;
            if (@case.Headers.Resource == "installation")
            {
                await QuietAsync();
            }
        }
        else
        {
            answer = status.ToString(CultureInfo.InvariantCulture);
            failure = $"answered {status}: only 200 and 4xx are allowed";
        }

        return new CaseResult(answer, failure, $"{status} {mediaType} {Truncate(text, 600)}", fuzz.Errors.Skip(errorsBefore).ToList());
    }

    /// <summary>Checked here independently of <c>KeyShapes</c>: a Sentry id is 1 to 19 digits without leading zeros, an installation a lowercase dashed uuid.</summary>
    private static bool HasItsShape(GrainHead head) => head.Grain == "Installation" ? CanonicalUuid().IsMatch(head.Key) : CanonicalId().IsMatch(head.Key);

    [GeneratedRegex("^[1-9][0-9]{0,18}$")]
    private static partial Regex CanonicalId();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex CanonicalUuid();

    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = WebhookParser.MaxDepth, AllowDuplicateProperties = false };

    /// <summary>
    /// Why the body is not one JSON document the service reads (UTF-8, RFC 8259 without comments or trailing commas, no
    /// duplicate member, at most <see cref="WebhookParser.MaxDepth"/> deep), or null. Such a body is never answered 200:
    /// what it says is ambiguous or cut off. (An escaped lone surrogate is refused only where the service reads the string;
    /// in a field it never reads or keeps, it is harmless.)
    /// </summary>
    private static string? Unreadable(byte[] body)
    {
        if (!Utf8.IsValid(body))
        {
            return "not UTF-8";
        }

        try
        {
            using var document = JsonDocument.Parse(body, Strict);
            return null;
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            return error.Message;
        }
    }

    private static string? ProblemDetailsFailure(int status, string? mediaType, string text)
    {
        if (mediaType != "application/problem+json")
        {
            return $"a {status} that is not problem details ({mediaType ?? "no content type"})";
        }

        try
        {
            var problem = JsonDocument.Parse(text).RootElement;
            return problem.TryGetProperty("status", out var value) && value.TryGetInt32(out var stated) && stated == status
                && problem.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String && detail.GetString()!.Length > 0
                    ? null
                    : $"a {status} whose problem details lack its status or a detail";
        }
        catch (JsonException)
        {
            return $"a {status} whose problem details are not JSON";
        }
    }

    private HttpRequestMessage Request(FuzzCase @case)
    {
        var headers = @case.Headers;
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookEndpoint.Path)
        {
            Content = headers.Chunked ? new StreamContent(new MemoryStream(@case.Body)) : new ByteArrayContent(@case.Body),
        };
        if (headers.Chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        if (headers.ContentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", headers.ContentType);
        }

        Add(SentryHeaders.Resource, headers.Resource);
        Add(SentryHeaders.RequestId, headers.RequestId);
        Add(SentryHeaders.Timestamp, headers.Timestamp switch
        {
            WebhookFuzz.CurrentTimestamp => NextTimestamp().ToString(CultureInfo.InvariantCulture),
            WebhookFuzz.FutureTimestamp => DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            var literal => literal,
        });
        Add(SentryHeaders.Signature, headers.Signature switch
        {
            FuzzSignature.Valid => WebhookSignature.Sign(@case.Body, ServiceHost.Secret),
            FuzzSignature.PreviousSecret => WebhookSignature.Sign(@case.Body, ServiceHost.PreviousSecret),
            FuzzSignature.WrongSecret => WebhookSignature.Sign(@case.Body, "not-the-secret"),
            FuzzSignature.Uppercase => WebhookSignature.Sign(@case.Body, ServiceHost.Secret).ToUpperInvariant(),
            FuzzSignature.Truncated => WebhookSignature.Sign(@case.Body, ServiceHost.Secret)[..63],
            _ => null,
        });
        return request;

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
    }

    /// <summary>
    /// A Sentry-Hook-Timestamp a minute ahead (within <c>Webhooks:MaxClockSkew</c>), never earlier than the previous one: a
    /// case whose timestamp was not trusted is ordered by its time of receipt, which does not make the next cases stale.
    /// </summary>
    private long NextTimestamp() => lastTimestamp = Math.Max(lastTimestamp, DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());

    /// <summary>Waits until no installation has setup work left: its exchange (refused by the fuzz's Sentry) writes after the answer.</summary>
    private Task QuietAsync() =>
        Eventually.ThatAsync(
            () => Host.Grains.GetGrain<IInstallationIndexGrain>(InstallationIndex.Key).ListAsync(InstallationStatus.Pending),
            pending => pending.Length == 0,
            "every installation to finish its setup");

    /// <summary>
    /// The failure, made smaller where it can be: the case again without each of its mutation steps and without its header
    /// variation, keeping what still fails; the body is written to a file.
    /// </summary>
    private async Task<string> ReportAsync(FuzzCase @case, CaseResult result)
    {
        var smallest = @case;
        if (@case.Plan.SweepSlot is null)
        {
            for (var step = smallest.Plan.StepSeeds.Count - 1; step >= 0 && smallest.Plan.StepSeeds.Count > 1; step--)
            {
                var smaller = WebhookFuzz.Build(smallest.Plan.WithoutStep(step));
                if ((await RunAsync(smaller)).Failure is not null)
                {
                    smallest = smaller;
                }
            }

            if (smallest.Plan.HeaderSeed is not null && WebhookFuzz.Build(smallest.Plan with { HeaderSeed = null }) is var plain
                && (await RunAsync(plain)).Failure is not null)
            {
                smallest = plain;
            }
        }

        var file = Path.Combine(Path.GetTempPath(), $"sentry-grains-fuzz-{@case.Plan.Seed}-{@case.Plan.Number}.body");
        await File.WriteAllBytesAsync(file, smallest.Body);
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{@case} (re-run it alone: SENTRY_GRAINS_FUZZ_SEED={@case.Plan.Seed} SENTRY_GRAINS_FUZZ_CASE={@case.Plan.Number})")
            .AppendLine(CultureInfo.InvariantCulture, $"  broken: {result.Failure}")
            .AppendLine(CultureInfo.InvariantCulture, $"  answer: {result.Response}")
            .AppendLine(CultureInfo.InvariantCulture, $"  headers: {smallest.Headers}");
        if (!ReferenceEquals(smallest, @case))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  still fails with only: {string.Join("; ", smallest.Steps.DefaultIfEmpty("no header variation"))}");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"  body ({smallest.Body.Length} bytes) in {file}: {WebhookFuzz.Show(smallest.Body)}");
        foreach (var error in result.ServerErrors.Take(3))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  server logged: {Truncate(error, 1500)}");
        }

        return report.ToString();
    }

    private static string? Read(string json, string property)
    {
        try
        {
            return JsonDocument.Parse(json).RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private static int? Setting(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;
}

/// <summary>
/// The fuzz's service: the real host, pointed at a "Sentry" that refuses every call (so an installation a fuzzed body
/// creates fails its setup at once instead of retrying in the background for minutes), logging errors only, into
/// <see cref="Errors"/> for the failure report.
/// </summary>
public sealed class WebhookFuzzHost : IAsyncLifetime
{
    private WebApplication? sentry;
    private ServiceHost? host;

    public ServiceHost Host => host ?? throw new InvalidOperationException("Not started.");

    public ConcurrentQueue<string> Errors { get; } = new();

    public async Task InitializeAsync()
    {
        (sentry, var address) = await LoopbackApp.StartAsync(app => app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return context.Response.WriteAsJsonAsync(new { detail = "the fuzz's Sentry refuses every call" });
        }));
        host = await ServiceHost.StartAsync(
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(new ErrorLog(Errors));
            },
            $"--Sentry:BaseUrl={address}",
            "--Logging:LogLevel:Default=Error");
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (sentry is not null)
        {
            await sentry.DisposeAsync();
        }
    }

    private sealed class ErrorLog(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}
