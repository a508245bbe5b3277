using Microsoft.Extensions.Logging;

namespace MicroFlask.Sessions;

/// <summary>The session interfaces' log messages, with stable event ids.</summary>
internal static partial class SessionLog
{
    [LoggerMessage(
        EventId = 100,
        Level = LogLevel.Warning,
        Message = "The '{CookieName}' cookie is {Size} bytes, over the {Limit} bytes browsers keep (MAX_COOKIE_SIZE): " +
            "browsers may drop it silently and the session would be lost. Store less in the session, or use a server-side session.")]
    internal static partial void LogCookieTooLarge(this ILogger logger, string cookieName, int size, long limit);

    [LoggerMessage(
        EventId = 101,
        Level = LogLevel.Error,
        Message = "Session store {Store} unavailable for {Method} {Path}: {Reason} " +
            "(requests get 503 until it answers; further failures are counted every 10 s)")]
    internal static partial void LogSessionStoreUnavailable(this ILogger logger, string store, string method, string path, string reason);

    [LoggerMessage(
        EventId = 102,
        Level = LogLevel.Warning,
        Message = "Session store {Store} still unavailable: {Count} more requests failed in the last {Seconds:0} s; latest reason: {Reason}")]
    internal static partial void LogSessionStoreStillUnavailable(this ILogger logger, string store, long count, double seconds, string reason);

    [LoggerMessage(
        EventId = 103,
        Level = LogLevel.Information,
        Message = "Session store {Store} answers again: {Count} requests failed over {Seconds:0.#} s.")]
    internal static partial void LogSessionStoreRecovered(this ILogger logger, string store, long count, double seconds);
}
