using Microsoft.Extensions.Logging;

namespace MicroFlask.Hosting;

/// <summary>The server's log messages, with stable event ids.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Shutting down: waiting for requests in flight")]
    internal static partial void LogShutdown(this ILogger logger);
}
