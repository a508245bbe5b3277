using MicroFlask.Context;
using MicroFlask.Sessions;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask;

public partial class App
{
    /// <summary>
    /// Installs the session interface that SESSION_TYPE names (Flask-Session's <c>Session(app)</c>): "null", "memory",
    /// "filesystem", "sqlalchemy"/"sql", "redis", "memcached" or "mongodb", configured by the store's own keys
    /// (SESSION_FILE_DIR, SESSION_SQL_URL, SESSION_REDIS...). Unset SESSION_TYPE means "null". Call it after the config
    /// is loaded: a bad type or a missing connection fails here, at start-up, rather than at the first request. The store
    /// it builds is closed by <see cref="DisposeAsync"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">An unknown SESSION_TYPE, a missing package or a missing or invalid setting (named in the message).</exception>
    public App UseSessionStore()
    {
        var type = Config.GetString("SESSION_TYPE");
        SessionInterface = SessionStoreRegistry.Resolve(string.IsNullOrWhiteSpace(type) ? "null" : type)(this);
        DisposeWithApp(SessionInterface);
        return this;
    }

    /// <summary>
    /// Saves the session of <paramref name="ctx"/> into <paramref name="response"/> (Flask's <c>save_session</c> call).
    /// A store that is down is logged here, and the error page that follows does not try the store again.
    /// </summary>
    private async ValueTask SaveSessionAsync(RequestContext ctx, Response response)
    {
        try
        {
            await SessionInterface.SaveSessionAsync(this, ctx.Session, response, ctx.Request.Aborted);
        }
        catch (SessionStoreUnavailableException e)
        {
            ctx.SessionStoreFailed = true;
            LogSessionStoreUnavailable(ctx, e);
            throw;
        }
    }

    /// <summary>Counts the failures of the session store, so that an outage is logged as a few lines, not one per request.</summary>
    internal StoreOutageLog StoreOutages { get; } = new();

    /// <summary>Reports a store failure where the session interface was called: the outage's first, a count every 10 s.</summary>
    internal void LogSessionStoreUnavailable(RequestContext ctx, SessionStoreUnavailableException e) =>
        StoreOutages.Failed(_logger, TimeProvider.GetUtcNow(), e.Store, ctx.Request.Method, ctx.Request.Path, e.Reason);
}
