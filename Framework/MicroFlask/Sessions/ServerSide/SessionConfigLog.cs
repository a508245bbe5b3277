using Microsoft.Extensions.Logging;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>The start-up warnings of <see cref="App.UseSessionStore"/>: settings that do nothing, stores that cannot be reached.</summary>
internal static partial class SessionConfigLog
{
    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning,
        Message = "Config key {Key} is set but ignored: {Hint} (see docs/configuration.md)")]
    internal static partial void UnreadKey(ILogger logger, string key, string hint);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning,
        Message = "Session store {Store} could not be reached at start-up ({Reason}); requests that use the session answer 503 until it can")]
    internal static partial void StoreUnreachable(ILogger logger, string store, string reason);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Warning,
        Message = "Session store {Store} has no atomic update: when two requests save one session at once, the later one wins and the other's changes are lost (last-write-wins; see docs/stores/distributedcache.md)")]
    internal static partial void LastWriteWins(ILogger logger, string store);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Warning,
        Message = "SESSION_ID_LENGTH is {Length}: session ids of fewer than {Minimum} random bytes ({Bits} bits) are easier to guess; use {Minimum} or more")]
    internal static partial void ShortIdLength(ILogger logger, int length, int minimum, int bits);
}
