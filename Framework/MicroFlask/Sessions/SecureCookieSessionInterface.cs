using System.Security.Cryptography;
using System.Text;
using MicroFlask.Http;
using MicroFlask.Sessions.Json;
using MicroFlask.Signing;

namespace MicroFlask.Sessions;

/// <summary>
/// The default session interface (Flask's <c>SecureCookieSessionInterface</c>): the whole session in a cookie,
/// signed so the client cannot change it, in Flask's exact format, so a Flask app and a MicroFlask app with the
/// same SECRET_KEY read each other's cookies. Keys in SECRET_KEY_FALLBACKS are accepted for reading.
/// </summary>
/// <remarks>
/// A cookie that is tampered with, truncated, signed with an unknown key, expired or not readable gives an
/// empty session, never an error. Without SECRET_KEY, requests get a <see cref="NullSession"/>.
/// The server keeps nothing, so it can neither list a user's sessions nor end one before it expires:
/// <see cref="UserSessions"/> needs a server-side store and says so.
/// </remarks>
public class SecureCookieSessionInterface : SessionInterface
{
    private volatile SigningCache? _cache;

    /// <summary>Mixed into the signing key; Flask's is "cookie-session".</summary>
    public string Salt { get; init; } = "cookie-session";

    /// <summary>The HMAC hash; Flask's is SHA-1.</summary>
    public HashAlgorithmName Digest { get; init; } = HashAlgorithmName.SHA1;

    /// <summary>How the signing key is derived from SECRET_KEY; Flask's is "hmac".</summary>
    public KeyDerivation KeyDerivation { get; init; } = KeyDerivation.Hmac;

    /// <summary>Writes the session into the cookie; Flask's tagged JSON by default.</summary>
    public IPayloadSerializer Serializer { get; init; } = TaggedJsonSerializer.Default;

    /// <summary>
    /// The serializer signing with SECRET_KEY and verifying with it and SECRET_KEY_FALLBACKS, or null when
    /// SECRET_KEY is not set. Made once per key set and reused: it holds the derived keys.
    /// </summary>
    public virtual UrlSafeTimedSerializer? GetSigningSerializer(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var secretKey = app.SecretKey;
        if (string.IsNullOrEmpty(secretKey))
        {
            return null;
        }

        var fallbacks = app.Config.GetStringList("SECRET_KEY_FALLBACKS");
        var cache = _cache;
        if (cache is not null && cache.Matches(secretKey, fallbacks, app.TimeProvider))
        {
            return cache.Serializer;
        }

        // itsdangerous takes keys oldest first and signs with the last: the fallbacks, then SECRET_KEY.
        var keys = fallbacks.Append(secretKey).Select(Encoding.UTF8.GetBytes);
        var serializer = new UrlSafeTimedSerializer(
            keys, Salt, Serializer, new SignerOptions { KeyDerivation = KeyDerivation, Digest = Digest }, app.TimeProvider);
        _cache = new SigningCache(secretKey, [.. fallbacks], app.TimeProvider, serializer);
        return serializer;
    }

    /// <inheritdoc />
    public override ValueTask<ISession?> OpenSessionAsync(App app, Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var serializer = GetSigningSerializer(app);
        if (serializer is null)
        {
            return ValueTask.FromResult<ISession?>(null);
        }

        var cookie = request.Cookies.GetValueOrDefault(GetCookieName(app));
        var session = serializer.TryLoads(cookie, app.PermanentSessionLifetime, out var data)
            && data is IEnumerable<KeyValuePair<string, object?>> values
                ? CreateSession(values, isNew: false)
                : CreateSession(null, isNew: true);
        return ValueTask.FromResult<ISession?>(session);
    }

    /// <inheritdoc />
    public override ValueTask SaveSessionAsync(App app, ISession session, Response response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(response);
        var cookie = GetSessionCookie(app);

        // Read before anything below touches the session: a page that read the session must not be cached for all.
        if (session.Accessed)
        {
            response.AddVary("Cookie");
        }

        IReadOnlyDictionary<string, object?> data = session is SessionDictionary dictionary ? dictionary.Data : session.ToDictionary();
        if (data.Count == 0)
        {
            // Emptied during this request: delete the cookie, with the attributes it was set with, or browsers keep it.
            if (session.Modified)
            {
                cookie.Delete(response);
                response.AddVary("Cookie");
            }

            return ValueTask.CompletedTask;
        }

        if (!ShouldSetCookie(app, session))
        {
            return ValueTask.CompletedTask;
        }

        var value = GetSigningSerializer(app)?.Dumps(data)
            ?? throw new InvalidOperationException("SECRET_KEY was removed while a request was using the session.");
        cookie.Set(response, value, GetExpirationTime(app, session));
        WarnIfTooLarge(app, cookie.Name, response);
        response.AddVary("Cookie");
        return ValueTask.CompletedTask;
    }

    /// <summary>Creates the session object (Flask's <c>session_class</c>); override to use a subclass.</summary>
    protected virtual SecureCookieSession CreateSession(IEnumerable<KeyValuePair<string, object?>>? data, bool isNew) => new(data, isNew);

    private static void WarnIfTooLarge(App app, string name, Response response)
    {
        // Werkzeug measures the whole Set-Cookie value, attributes included, against MAX_COOKIE_SIZE (0 = no limit).
        var limit = app.Config.GetLong("MAX_COOKIE_SIZE") ?? 4093;
        var header = response.Headers.GetAll("Set-Cookie").LastOrDefault();
        var size = header is null ? 0 : Encoding.UTF8.GetByteCount(header);
        if (limit > 0 && size > limit)
        {
            app.Logger.LogCookieTooLarge(name, size, limit);
        }
    }

    private sealed record SigningCache(string SecretKey, string[] Fallbacks, TimeProvider Time, UrlSafeTimedSerializer Serializer)
    {
        public bool Matches(string secretKey, IReadOnlyList<string> fallbacks, TimeProvider time) =>
            SecretKey == secretKey && ReferenceEquals(Time, time) && Fallbacks.SequenceEqual(fallbacks);
    }
}
