using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Installations;

/// <summary>The <c>installation</c> resource, declared once: created (with the one-time grant code) and deleted, applied by <see cref="IInstallationGrain"/>.</summary>
public static class InstallationWebhooks
{
    public static WebhookResource Installation { get; } = WebhookResource.For<IInstallationGrain, InstallationChanged>(
        "installation",
        ["created", "deleted"],
        new KeyField(KeyShape.Uuid, "data.installation.uuid", "installation.uuid"),
        ParseInstallation,
        (grain, change) => grain.ApplyAsync(change));

    private static InstallationChanged ParseInstallation(WebhookEnvelope envelope)
    {
        var installation = envelope.Data.Object("installation");
        var organization = installation?.Object("organization");
        var app = installation?.Object("app");
        return new InstallationChanged(
            envelope.Delivery,
            envelope.Action,
            envelope.Key,
            organization?.String("slug"),
            organization?.String("id"),
            app?.String("uuid"),
            app?.String("slug"),
            installation?.String("code"));
    }
}
