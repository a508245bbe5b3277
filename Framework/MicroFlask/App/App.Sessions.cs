using MicroFlask.Context;
using MicroFlask.Sessions;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask;

public partial class App
{
    /// <summary>
    /// Installs the session interface that SESSION_TYPE names (Flask-Session's <c>Session(app)</c>): "null", "memory",
    /// "filesystem", "distributedcache", "sqlalchemy"/"sql", "redis", "memcached", "mongodb" or "dynamodb", configured by
    /// the store's own keys (SESSION_FILE_DIR, SESSION_SQL_URL, SESSION_REDIS...). Call it after the config is loaded: an
    /// unset or unknown type, or a missing connection, fails here, at start-up, rather than at the first request. A SESSION_*
    /// key the chosen type does not read is logged as a warning, as is a SESSION_ID_LENGTH under 32 bytes, and so is a store that does not answer a first call within
    /// SESSION_STORE_TIMEOUT (checked in the background: start-up does not wait for it, <see cref="DisposeAsync"/> does). The store it builds is closed by
    /// <see cref="DisposeAsync"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">SESSION_TYPE unset or unknown, a missing package or a missing or invalid setting (named in the message).</exception>
    public App UseSessionStore()
    {
        var type = Config.GetString("SESSION_TYPE");
        // As Flask-Session 0.8: no type is a mistake, not a quiet "no sessions" that a later write blames on SECRET_KEY.
        if (string.IsNullOrWhiteSpace(type))
            throw new InvalidOperationException(
                $"UseSessionStore() needs SESSION_TYPE: set app.Config[\"SESSION_TYPE\"] to one of {SessionStoreRegistry.KnownTypes()} "
                + "(\"null\" turns sessions off), or do not call UseSessionStore() to keep Flask's signed-cookie session.");
        SessionInterface = SessionStoreRegistry.Resolve(type)(this);
        DisposeWithApp(SessionInterface);
        foreach (var (key, hint) in SessionStoreRegistry.UnreadKeys(Config, type)) SessionConfigLog.UnreadKey(Logger, key, hint);
        if (SessionInterface is ServerSideSessionInterface { Options.IdLength: < ServerSideSessionOptions.MinimumIdLength } shortIds)
            SessionConfigLog.ShortIdLength(Logger, shortIds.Options.IdLength, ServerSideSessionOptions.MinimumIdLength, shortIds.Options.IdLength * 8);
        if (SessionInterface is ServerSideSessionInterface serverSide) SessionStoreCheck = SessionStoreProbe.WarnIfUnreachableAsync(serverSide, Logger, _disposing.Token);
        return this;
    }

    /// <summary>What the lazy sessions' first touches taught: which requests load their session at the start of dispatch.</summary>
    internal SessionPrefetch SessionPrefetch { get; } = new();

    /// <summary>
    /// The start-up reachability check of the store <see cref="UseSessionStore"/> built (tests await it); it never fails,
    /// and <see cref="DisposeAsync"/> stops and awaits it before closing the store.
    /// </summary>
    internal Task SessionStoreCheck { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Saves the session of <paramref name="ctx"/> into <paramref name="response"/> (Flask's <c>save_session</c> call),
    /// unless none was opened, it is a null session, or its store failed earlier in this request; returns the response.
    /// A store that is down is logged here, and the error page that follows does not try the store again.
    /// </summary>
    private ValueTask<Response> SaveSessionAsync(RequestContext ctx, Response response)
    {
        if (!ctx.HasSession || ctx.SessionStoreFailed || SessionInterface.IsNullSession(ctx.Session)) return new ValueTask<Response>(response);
        ValueTask saving;
        try
        {
            saving = SessionInterface.SaveSessionAsync(this, ctx.Session, response, ctx.Request.Aborted);
        }
        catch (SessionStoreUnavailableException e)
        {
            SessionSaveFailed(ctx, e);
            throw;
        }
        // The cookie session saves synchronously: no async frame for it. A completed save is still consumed, as a
        // store's pooled ValueTask must be.
        if (!saving.IsCompletedSuccessfully) return AwaitSaveAsync(ctx, saving, response);
        saving.GetAwaiter().GetResult();
        return new ValueTask<Response>(response);
    }

    private async ValueTask<Response> AwaitSaveAsync(RequestContext ctx, ValueTask saving, Response response)
    {
        try
        {
            await saving;
        }
        catch (SessionStoreUnavailableException e)
        {
            SessionSaveFailed(ctx, e);
            throw;
        }
        return response;
    }

    private void SessionSaveFailed(RequestContext ctx, SessionStoreUnavailableException e)
    {
        ctx.SessionStoreFailed = true;
        LogSessionStoreUnavailable(ctx, e);
    }

    /// <summary>Counts the failures of the session store, so that an outage is logged as a few lines, not one per request.</summary>
    internal StoreOutageLog StoreOutages { get; } = new();

    /// <summary>Reports a store failure where the session interface was called: the outage's first, a count every 10 s.</summary>
    internal void LogSessionStoreUnavailable(RequestContext ctx, SessionStoreUnavailableException e) =>
        StoreOutages.Failed(_logger, TimeProvider.GetUtcNow(), e.Store, ctx.Request.Method, ctx.Request.Path, e.Reason, e.Server);
}
