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
}
