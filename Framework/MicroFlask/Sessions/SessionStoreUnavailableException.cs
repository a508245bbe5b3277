using MicroFlask.Http;

namespace MicroFlask.Sessions;

/// <summary>
/// A session store could not be reached or answered with an error. The request ends with 503 (an error handler
/// for 503 can change the page) and the reason is logged with the store's name; nothing is half-written.
/// </summary>
public sealed class SessionStoreUnavailableException : HttpException
{
    /// <summary>Creates the error for <paramref name="store"/> with the <paramref name="reason"/> to log.</summary>
    public SessionStoreUnavailableException(string store, string reason, Exception? inner = null)
        : base(503, HttpStatus.Describe(503), inner)
    {
        Store = store;
        Reason = reason;
    }

    /// <summary>Which store failed, e.g. "redis 127.0.0.1:6379".</summary>
    public string Store { get; }

    /// <summary>Why, for the log (never shown to the client).</summary>
    public string Reason { get; }

    /// <summary>The one server that failed, of a store spread over several (see <see cref="ServerSide.ISessionStore.ServerOf"/>); null otherwise.</summary>
    internal string? Server { get; init; }
}
