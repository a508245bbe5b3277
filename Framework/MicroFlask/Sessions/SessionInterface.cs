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

    /// <summary>When a permanent session expires (now + PERMANENT_SESSION_LIFETIME); null for a browser-session cookie.</summary>
    public virtual DateTimeOffset? GetExpirationTime(App app, ISession session) =>
        session.Permanent ? app.TimeProvider.GetUtcNow() + app.PermanentSessionLifetime : null;

    /// <summary>
    /// Whether to send the cookie: when the session was modified, or when it is permanent and
    /// SESSION_REFRESH_EACH_REQUEST is set (so that its expiry moves forward).
    /// </summary>
    public virtual bool ShouldSetCookie(App app, ISession session) =>
        session.Modified || (session.Permanent && app.Config.GetBool("SESSION_REFRESH_EACH_REQUEST"));

    /// <summary>The cookie's name and attributes from the helpers above, for one save.</summary>
    public SessionCookie GetSessionCookie(App app) => new(
        GetCookieName(app), GetCookieDomain(app), GetCookiePath(app), GetCookieSecure(app), GetCookieHttpOnly(app),
        GetCookieSameSite(app), GetCookiePartitioned(app));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
