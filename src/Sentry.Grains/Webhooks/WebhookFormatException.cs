namespace Sentry.Grains.Webhooks;

/// <summary>A webhook body that is not JSON or lacks a field needed to route it. The message says which.</summary>
public sealed class WebhookFormatException(string message, Exception? inner = null) : Exception(message, inner);
