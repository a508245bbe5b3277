using System.Collections.Concurrent;
using MicroFlask;
using MicroFlask.Http;
using MicroFlask.Sessions;
using MicroFlask.Sessions.Json;
using MicroFlask.Signing;

/// <summary>
/// The classic Flask custom session: the cookie carries only a signed random id, the data stays on the server
/// as JSON, here in a dictionary in this process (swap it for Redis or a database in a real app).
/// </summary>
public sealed class MySessionInterface : SessionInterface
{
    /// <summary>The stored sessions, JSON by session id.</summary>
    public ConcurrentDictionary<string, string> Container { get; } = new();

    /// <inheritdoc />
    public override ValueTask<ISession?> OpenSessionAsync(App app, Request request, CancellationToken cancellationToken)
    {
        var signer = GetSigner(app);
        if (signer is null)
        {
            return ValueTask.FromResult<ISession?>(null);
        }

        // A missing, forged or unknown id gets a fresh session with a new id, never an error.
        var cookie = request.Cookies.GetValueOrDefault(GetCookieName(app));
        string? sid = null;
        try
        {
            sid = string.IsNullOrEmpty(cookie) ? null : signer.Unsign(cookie);
        }
        catch (BadSignatureException)
        {
        }

        if (sid is not null && Container.TryGetValue(sid, out var json)
            && TaggedJsonSerializer.Default.Loads(json) is Dictionary<string, object?> data)
        {
            return ValueTask.FromResult<ISession?>(new MySession(sid, data));
        }

        return ValueTask.FromResult<ISession?>(new MySession(Guid.NewGuid().ToString(), isNew: true));
    }

    /// <inheritdoc />
    public override ValueTask SaveSessionAsync(App app, ISession session, Response response, CancellationToken cancellationToken)
    {
        var mySession = (MySession)session;
        var name = GetCookieName(app);
        var path = GetCookiePath(app);
        var domain = GetCookieDomain(app);
        if (mySession.Data.Count == 0)
        {
            if (session.Modified)
            {
                Container.TryRemove(mySession.Sid, out _);
                response.DeleteCookie(name, path, domain, GetCookieSecure(app), GetCookieHttpOnly(app), GetCookieSameSite(app));
            }

            return ValueTask.CompletedTask;
        }

        if (!ShouldSetCookie(app, session))
        {
            return ValueTask.CompletedTask;
        }

        Container[mySession.Sid] = TaggedJsonSerializer.Default.Dumps(mySession.Data);
        response.SetCookie(name, GetSigner(app)!.Sign(mySession.Sid), expires: GetExpirationTime(app, session), path: path,
            domain: domain, secure: GetCookieSecure(app), httpOnly: GetCookieHttpOnly(app), sameSite: GetCookieSameSite(app));
        return ValueTask.CompletedTask;
    }

    private static Signer? GetSigner(App app) =>
        string.IsNullOrEmpty(app.SecretKey)
            ? null
            : new Signer(app.SecretKey, new SignerOptions { Salt = "flask-session", KeyDerivation = KeyDerivation.Hmac });
}
