using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>Keeps every log line (message and exception) a service writes, to check what never appears in them.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    /// <summary>
    /// Replaces the service's log providers with this capture: this service's own categories and HttpClient at
    /// every level, ASP.NET Core and Orleans from Information.
    /// </summary>
    public void AttachTo(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(this);
        builder.Logging.AddFilter<LogCapture>("Sentry", LogLevel.Trace);
        builder.Logging.AddFilter<LogCapture>("System.Net.Http", LogLevel.Trace);
        builder.Logging.AddFilter<LogCapture>("Microsoft", LogLevel.Information);
        builder.Logging.AddFilter<LogCapture>("Orleans", LogLevel.Information);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {state} {exception}");
    }
}
