using System.Runtime.ExceptionServices;
using MicroFlask.Http;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// What a session opened unloaded needs to load itself on first touch: its interface, the request it belongs to, and
/// the store's synchronous path. A failure is logged once for the request and then rethrown on every later touch,
/// so that the request is a 503 without asking a store that is down again. Each first touch is also learned (see
/// <see cref="SessionPrefetch"/>), so that later requests to the same route load at the start of dispatch.
/// </summary>
internal sealed class LazySessionLoad(ServerSideSessionInterface sessions, App app, Request request, ISynchronousSessionLoad store)
{
    private ExceptionDispatchInfo? _failure;
    private Task? _loading;

    /// <summary>Loads <paramref name="session"/> through the store's synchronous call (a view or hook touched it).</summary>
    internal void Load(ServerSideSession session)
    {
        _failure?.Throw();
        app.SessionPrefetch.Learn(request);
        if (_loading is { IsCompleted: false })
            throw new InvalidOperationException("The session was touched while its LoadAsync was still running: await Session.Current.LoadAsync() before reading or writing it.");
        try
        {
            session.TakeLoaded(sessions.Load(app, request, store, session.Sid));
        }
        catch (SessionStoreUnavailableException e)
        {
            Fail(session, e);
            throw;
        }
    }

    /// <summary>Loads <paramref name="session"/> through the store's asynchronous call; one load however often it is called.</summary>
    internal Task LoadAsync(ServerSideSession session, CancellationToken cancellationToken)
    {
        _failure?.Throw();
        if (_loading is not null) return _loading;
        app.SessionPrefetch.Learn(request);
        return _loading = LoadCoreAsync(session, cancellationToken);
    }

    private async Task LoadCoreAsync(ServerSideSession session, CancellationToken cancellationToken)
    {
        try
        {
            session.TakeLoaded(await sessions.LoadAsync(app, request, session.Sid, cancellationToken));
        }
        catch (SessionStoreUnavailableException e)
        {
            Fail(session, e);
            throw;
        }
    }

    private void Fail(ServerSideSession session, SessionStoreUnavailableException e)
    {
        _failure = ExceptionDispatchInfo.Capture(e);
        // Nothing is known of the stored session: saving would overwrite it blind.
        session.SaveAbandoned = true;
        // Where an eager load's failure is logged (RequestContext.PushAsync): one line per outage, counted per request.
        app.StoreOutages.Failed(app.Logger, app.TimeProvider.GetUtcNow(), e.Store, request.Method, request.Path, e.Reason);
    }
}
