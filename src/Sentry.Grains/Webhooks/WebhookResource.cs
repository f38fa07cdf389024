using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Sentry.Grains.Webhooks;

/// <summary>
/// One <c>Sentry-Hook-Resource</c>, declared once: its documented actions, where its grain key is and what shape
/// it has, how its body becomes a typed command, and which grain method applies it. The parser, the router, the
/// telemetry and the README's table all read these declarations (<see cref="WebhookResources"/>).
/// </summary>
public sealed partial class WebhookResource
{
    private readonly Func<WebhookEnvelope, IWebhookCommand> parse;
    private readonly Func<GrainReferences, string, IWebhookCommand, Task<WebhookOutcome>> apply;

    private WebhookResource(
        string name,
        IReadOnlyList<string> actions,
        bool acceptsOtherActions,
        KeyField key,
        string grain,
        string method,
        Func<WebhookEnvelope, IWebhookCommand> parse,
        Func<GrainReferences, string, IWebhookCommand, Task<WebhookOutcome>> apply)
    {
        Name = name;
        Actions = actions;
        AcceptsOtherActions = acceptsOtherActions;
        Key = key;
        Grain = grain;
        Method = method;
        this.parse = parse;
        this.apply = apply;
    }

    /// <summary>The <c>Sentry-Hook-Resource</c> header value.</summary>
    public string Name { get; }

    /// <summary>The documented actions, in the docs' order. Any other action is ignored unless <see cref="AcceptsOtherActions"/>.</summary>
    public IReadOnlyList<string> Actions { get; }

    /// <summary>True when actions Sentry adds later are applied too (Seer keeps them in the run's history).</summary>
    public bool AcceptsOtherActions { get; }

    /// <summary>Where the grain key is and its shape.</summary>
    public KeyField Key { get; }

    /// <summary>The grain the webhook goes to, e.g. <c>Issue</c>.</summary>
    public string Grain { get; }

    /// <summary>The grain method that applies it, e.g. <c>ApplyIssueAsync</c>.</summary>
    public string Method { get; }

    /// <summary>True when <paramref name="action"/> is applied (documented, or any action for a resource that accepts others).</summary>
    public bool Handles(string action) => AcceptsOtherActions || Actions.Contains(action, StringComparer.Ordinal);

    /// <summary>Declares a resource whose commands <paramref name="apply"/> hands to grain <typeparamref name="TGrain"/>, keyed by <paramref name="key"/>.</summary>
    public static WebhookResource For<TGrain, TCommand>(
        string name,
        string[] actions,
        KeyField key,
        Func<WebhookEnvelope, TCommand> parse,
        Func<TGrain, TCommand, Task<WebhookOutcome>> apply,
        bool acceptsOtherActions = false,
        [CallerArgumentExpression(nameof(apply))] string applyExpression = "")
        where TGrain : IGrainWithStringKey
        where TCommand : IWebhookCommand =>
        new(
            name,
            actions,
            acceptsOtherActions,
            key,
            GrainName(typeof(TGrain)),
            MethodCall().Match(applyExpression) is { Success: true } call ? call.Groups[1].Value : applyExpression,
            envelope => parse(envelope),
            (grains, grainKey, command) => apply(grains.Get<TGrain>(grainKey), (TCommand)command));

    internal IWebhookCommand Parse(WebhookEnvelope envelope) => parse(envelope);

    internal Task<WebhookOutcome> ApplyAsync(GrainReferences grains, string key, IWebhookCommand command) => apply(grains, key, command);

    private static string GrainName(Type grain)
    {
        var name = grain.Name;
        name = name.StartsWith('I') ? name[1..] : name;
        return name.EndsWith("Grain", StringComparison.Ordinal) ? name[..^"Grain".Length] : name;
    }

    [GeneratedRegex(@"\.(\w+)\(")]
    private static partial Regex MethodCall();
}
