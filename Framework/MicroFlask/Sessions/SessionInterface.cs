using MicroFlask.Http;

namespace MicroFlask.Sessions;

/// <summary>
/// Opens and saves the session of each request (Flask's <c>SessionInterface</c>). Replace
/// <see cref="App.SessionInterface"/> with a subclass to store sessions elsewhere: implement
/// <see cref="OpenSessionAsync"/> and <see cref="SaveSessionAsync"/>; the cookie helpers read the app's config
/// and can be overridden one by one.
/// </summary>
public abstract class SessionInterface
{
    private static readonly string[] CookieGetters =
    [
        nameof(GetCookieName), nameof(GetCookieDomain), nameof(GetCookiePath), nameof(GetCookieHttpOnly),
        nameof(GetCookieSecure), nameof(GetCookieSameSite), nameof(GetCookiePartitioned),
    ];

    private volatile CookieCache? _cookieCache;
    private bool? _readsCookieFromConfigOnly;

    /// <summary>
    /// Loads the session for <paramref name="request"/>, or returns null when sessions are unavailable
    /// (then the request gets <see cref="MakeNullSession"/>). Called when the request context is pushed.
    /// </summary>
    public abstract ValueTask<ISession?> OpenSessionAsync(App app, Request request, CancellationToken cancellationToken);

    /// <summary>Saves <paramref name="session"/> and sets or deletes its cookie on <paramref name="response"/>.</summary>
    public abstract ValueTask SaveSessionAsync(App app, ISession session, Response response, CancellationToken cancellationToken);

    /// <summary>The session used when <see cref="OpenSessionAsync"/> returns null.</summary>
    public virtual ISession MakeNullSession(App app) => new NullSession();

    /// <summary>Whether <paramref name="session"/> is a null session, which is never saved.</summary>
    public virtual bool IsNullSession(ISession session) => session is NullSession;

    /// <summary>SESSION_COOKIE_NAME.</summary>
    public virtual string GetCookieName(App app) => app.Config.GetString("SESSION_COOKIE_NAME") ?? "session";

    /// <summary>SESSION_COOKIE_DOMAIN, or null for a host-only cookie.</summary>
    public virtual string? GetCookieDomain(App app) => NullIfEmpty(app.Config.GetString("SESSION_COOKIE_DOMAIN"));

    /// <summary>SESSION_COOKIE_PATH, else APPLICATION_ROOT.</summary>
    public virtual string GetCookiePath(App app) =>
        NullIfEmpty(app.Config.GetString("SESSION_COOKIE_PATH")) ?? app.Config.GetString("APPLICATION_ROOT") ?? "/";

    /// <summary>SESSION_COOKIE_HTTPONLY.</summary>
    public virtual bool GetCookieHttpOnly(App app) => app.Config.GetBool("SESSION_COOKIE_HTTPONLY");

    /// <summary>SESSION_COOKIE_SECURE.</summary>
    public virtual bool GetCookieSecure(App app) => app.Config.GetBool("SESSION_COOKIE_SECURE");

    /// <summary>SESSION_COOKIE_SAMESITE ("Strict", "Lax", "None" or null).</summary>
    public virtual string? GetCookieSameSite(App app) => NullIfEmpty(app.Config.GetString("SESSION_COOKIE_SAMESITE"));

    /// <summary>SESSION_COOKIE_PARTITIONED (CHIPS); a partitioned cookie is also Secure.</summary>
    public virtual bool GetCookiePartitioned(App app) => app.Config.GetBool("SESSION_COOKIE_PARTITIONED");

    /// <summary>
    /// When a permanent session expires: now + PERMANENT_SESSION_LIFETIME, or sooner when SESSION_IDLE_TIMEOUT or what is
    /// left of SESSION_ABSOLUTE_TIMEOUT is shorter; null for a browser-session cookie.
    /// </summary>
    public virtual DateTimeOffset? GetExpirationTime(App app, ISession session)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(session);
        if (!session.Permanent) return null;
        var now = app.TimeProvider.GetUtcNow();
        return now + SessionTimeouts.Of(app).TimeToLive(app.PermanentSessionLifetime, DataOf(session), now);
    }

    /// <summary>
    /// Whether to send the cookie: when the session was modified, when it is permanent and SESSION_REFRESH_EACH_REQUEST
    /// is set (so that its expiry moves forward), or when SESSION_IDLE_TIMEOUT is set and the request brought the
    /// session (every use moves the idle end forward).
    /// </summary>
    public virtual bool ShouldSetCookie(App app, ISession session)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(session);
        return session.Modified
            || (session.Permanent && app.Config.GetBool("SESSION_REFRESH_EACH_REQUEST"))
            || SessionTimeouts.Of(app).RequireSave(session, DataOf(session));
    }

    /// <summary>
    /// Starts <paramref name="session"/> over, as at login: SESSION_ABSOLUTE_TIMEOUT counts again from the next save.
    /// The server-side interface also gives the session a new id, so that an id planted before login is worth nothing.
    /// </summary>
    public virtual void Regenerate(ISession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        // The next save stamps a session without a start with the time of that save.
        session.Remove(SessionTimeouts.CreatedKey);
    }

    /// <summary>The cookie's name and attributes from the helpers above, for one save.</summary>
    public SessionCookie GetSessionCookie(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return CachedSessionCookie(app) ?? ReadSessionCookie(app);
    }

    /// <summary>The session's data without marking it accessed, when the session allows that.</summary>
    private protected static IReadOnlyDictionary<string, object?> DataOf(ISession session) =>
        session is SessionDictionary dictionary ? dictionary.Data : session.ToDictionary();

    /// <summary>The cookie's name for loading a session: <see cref="GetCookieName"/>, through the cache when it can be.</summary>
    private protected string CookieNameOf(App app) => CachedSessionCookie(app)?.Name ?? GetCookieName(app);

    /// <summary>The cookie as the helpers above read it, kept until the config changes; null when a helper is overridden.</summary>
    private SessionCookie? CachedSessionCookie(App app)
    {
        // An override may read more than the config (the request, the time), so it is asked every time; the
        // helpers above read only config strings and booleans, whose answer stands until the config changes.
        if (!ReadsCookieFromConfigOnly) return null;
        var cache = _cookieCache;
        var version = app.Config.Version;
        if (cache is not null && ReferenceEquals(cache.Config, app.Config) && cache.Version == version) return cache.Cookie;
        var cookie = ReadSessionCookie(app);
        _cookieCache = new CookieCache(app.Config, version, cookie);
        return cookie;
    }

    private SessionCookie ReadSessionCookie(App app) => new(
        GetCookieName(app), GetCookieDomain(app), GetCookiePath(app), GetCookieSecure(app), GetCookieHttpOnly(app),
        GetCookieSameSite(app), GetCookiePartitioned(app));

    private bool ReadsCookieFromConfigOnly => _readsCookieFromConfigOnly ??= Array.TrueForAll(CookieGetters,
        name => GetType().GetMethod(name, [typeof(App)])?.DeclaringType == typeof(SessionInterface));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private sealed record CookieCache(Config Config, int Version, SessionCookie Cookie);
}
