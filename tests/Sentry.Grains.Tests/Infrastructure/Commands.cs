using Sentry.Grains.Issues;
using Sentry.Grains.Seer;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>Typed commands parsed from the fixtures, with a chosen timestamp and Request-ID.</summary>
public static class Commands
{
    public static T From<T>(string fixture, int secondsAfterEpoch = 0, string? requestId = null, Func<string, string>? edit = null)
        where T : IWebhookCommand
    {
        var body = Fixtures.Bytes(fixture);
        if (edit is not null)
        {
            body = System.Text.Encoding.UTF8.GetBytes(edit(System.Text.Encoding.UTF8.GetString(body)));
        }

        var parsed = WebhookParser.Parse(Fixtures.ResourceOf(fixture), body, TestDeliveries.For(body, secondsAfterEpoch, requestId));
        return Assert.IsType<T>(parsed.Command);
    }

    /// <summary>The same body as <paramref name="original"/>, as Sentry's retry sends it: new Request-ID, later timestamp.</summary>
    public static T Redelivered<T>(T original, int secondsLater = 300) where T : IWebhookCommand
    {
        var delivery = TestDeliveries.Received(
            original.Delivery.BodyDigest,
            original.Delivery.SentAt?.AddSeconds(secondsLater),
            original.Delivery.ReceivedAt.AddSeconds(secondsLater)) with { InstallationUuid = original.Delivery.InstallationUuid };
        return original switch
        {
            IssueChanged c => (T)(object)(c with { Delivery = delivery }),
            CommentChanged c => (T)(object)(c with { Delivery = delivery }),
            IssueEventReceived c => (T)(object)(c with { Delivery = delivery }),
            SeerEventReceived c => (T)(object)(c with { Delivery = delivery }),
            _ => throw new NotSupportedException(typeof(T).Name),
        };
    }

    public static CommentChanged Comment(string action, string commentId, string? text, int secondsAfterEpoch, string issueId = "100") =>
        From<CommentChanged>($"comment.{action}", secondsAfterEpoch) with
        {
            CommentId = commentId,
            Text = text,
            IssueId = issueId,
            Delivery = TestDeliveries.For(System.Text.Encoding.UTF8.GetBytes($"{issueId}/{action}/{commentId}/{text}/{secondsAfterEpoch}"), secondsAfterEpoch),
        };
}
