using MicroFlask.Http;

namespace MicroFlask.Sessions;

/// <summary>
/// Which requests load a lazy session at the start of dispatch, asynchronously, as a store that loads at open does: those
/// to a rule whose requests touched the session before, requests matching no rule once one of them did, and every
/// request once a hook did. The rest stay lazy (no store call unless touched). Learned from the first touches, so the
/// first request to each route may still load synchronously; bounded by construction: a flag per rule and two per app.
/// </summary>
internal sealed class SessionPrefetch
{
    // Set once, never cleared; a request that reads a stale false only loads lazily, which is always correct.
    private volatile bool _everyRequest;
    private volatile bool _unmatched;

    /// <summary>Whether <paramref name="request"/>'s session should load before the before-request hooks run.</summary>
    internal bool IsDue(Request request) =>
        _everyRequest || (request.UrlRule is { } rule ? rule.TouchesSession : _unmatched);

    /// <summary>Records that <paramref name="request"/> touched its lazy session: in a hook, for every request; else for its rule.</summary>
    internal void Learn(Request request)
    {
        if (request.InSessionHooks) _everyRequest = true;
        else if (request.UrlRule is { } rule) rule.TouchesSession = true;
        else _unmatched = true;
    }
}
