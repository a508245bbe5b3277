using Microsoft.Extensions.Logging;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>The server-side sessions' log lines, with stable event ids. Session ids are never logged: they are credentials.</summary>
internal static partial class ServerSideSessionLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Session in store {Store} has format version {Version}, which this release cannot read; a new session was started")]
    internal static partial void UnsupportedFormat(ILogger logger, string store, string version);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning,
        Message = "Session in store {Store}: the value of key {Key} could not be read and was dropped")]
    internal static partial void UnreadableValue(ILogger logger, string store, string key);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning,
        Message = "Session store {Store} is over SESSION_FILE_THRESHOLD ({Threshold} files) with no expired session left: evicted {Count} live sessions ({Returning} of returning users, now logged out). Raise SESSION_FILE_THRESHOLD (see docs/sessions.md)")]
    internal static partial void LiveSessionsEvicted(ILogger logger, string store, int threshold, int count, int returning);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning,
        Message = "Sweeping expired sessions from {Store} failed ({Reason}); the request went on, expired sessions are still never served, and the next sweep (SESSION_CLEANUP_N_REQUESTS) tries again. Further failures are not logged until a sweep succeeds")]
    internal static partial void SweepFailed(ILogger logger, string store, string reason);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information,
        Message = "Sweeping expired sessions from {Store} works again")]
    internal static partial void SweepRecovered(ILogger logger, string store);
}
