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
/// With SESSION_COOKIE_ENCRYPTED the cookie is encrypted instead (AES-256-GCM, a key derived from SECRET_KEY with
/// HKDF): the browser cannot read it, and neither can Flask. SESSION_IDLE_TIMEOUT and SESSION_ABSOLUTE_TIMEOUT apply
/// to both forms.
/// The server keeps nothing, so it can neither list a user's sessions nor end one before it expires:
/// <see cref="UserSessions"/> needs a server-side store and says so.
/// </remarks>
public class SecureCookieSessionInterface : SessionInterface
{
    private volatile SigningCache? _cache;
    private bool? _createsOwnSessions;
    private volatile CipherCache? _cipherCache;

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

        var cookie = request.Cookies.GetValueOrDefault(CookieNameOf(app));
        var timeouts = SessionTimeouts.Of(app);
        // The cookie's timestamp is when it was last issued, which an idle timeout reissues on every request: its age is the idle time.
        var maxAge = timeouts.MaxCookieAge(app.PermanentSessionLifetime);
        var loaded = IsEncrypted(app)
            ? GetCipher(app).TryDecrypt(cookie, maxAge, out var data)
            : serializer.TryLoads(cookie, maxAge, out data);
        var values = loaded ? AsDictionary(data) : null;
        ISession session;
        if (values is null || timeouts.HasExpired(values, app.TimeProvider.GetUtcNow()))
            session = CreateSession(null, isNew: true);
        // The deserialized dictionary is ours alone: the session can keep it rather than copy it, unless a subclass makes its own sessions.
        else if (values is Dictionary<string, object?> owned && !CreatesOwnSessions)
            session = new SecureCookieSession(owned, isNew: false);
        else
            session = CreateSession(values, isNew: false);
        return ValueTask.FromResult<ISession?>(session);
    }

    /// <inheritdoc />
    public override ValueTask SaveSessionAsync(App app, ISession session, Response response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(response);

        // Read before anything below touches the session: a page that read the session must not be cached for all.
        var varied = session.Accessed;
        if (varied)
        {
            response.AddVary("Cookie");
        }

        var data = DataOf(session);
        // A session left with only its timeout stamp holds nothing: as an empty one, its cookie goes.
        if (SessionTimeouts.HoldsOnlyStamps(data, permanentIsEmpty: false))
        {
            // Emptied during this request: delete the cookie, with the attributes it was set with, or browsers keep it.
            if (session.Modified)
            {
                GetSessionCookie(app).Delete(response);
                if (!varied) response.AddVary("Cookie");
            }

            return ValueTask.CompletedTask;
        }

        if (!ShouldSetCookie(app, session))
        {
            return ValueTask.CompletedTask;
        }

        SessionTimeouts.Of(app).Stamp(session, data, app.TimeProvider.GetUtcNow(), trackUse: false);
        data = DataOf(session);
        var cookie = GetSessionCookie(app);
        var value = IsEncrypted(app)
            ? GetCipher(app).Encrypt(data)
            : GetSigningSerializer(app)?.Dumps(data) ?? throw new InvalidOperationException("SECRET_KEY was removed while a request was using the session.");
        cookie.Set(response, value, GetExpirationTime(app, session));
        WarnIfTooLarge(app, cookie.Name, response);
        // Once is enough: a second AddVary would only split the header again to find it there.
        if (!varied) response.AddVary("Cookie");
        return ValueTask.CompletedTask;
    }

    /// <summary>Whether a subclass overrides <see cref="CreateSession"/>.</summary>
    private bool CreatesOwnSessions => _createsOwnSessions ??=
        GetType().GetMethod(nameof(CreateSession), System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic,
            [typeof(IEnumerable<KeyValuePair<string, object?>>), typeof(bool)])?.DeclaringType != typeof(SecureCookieSessionInterface);

    // SESSION_COOKIE_ENCRYPTED: encrypted (not Flask-readable) rather than signed.
    private static bool IsEncrypted(App app) => app.Config.GetBool("SESSION_COOKIE_ENCRYPTED");

    /// <summary>The cipher for SECRET_KEY (encrypts) and SECRET_KEY_FALLBACKS (decrypt), made once per key set.</summary>
    private SessionCookieCipher GetCipher(App app)
    {
        // GetSigningSerializer has already returned null (no session at all) when SECRET_KEY is not set.
        var secretKey = app.SecretKey ?? throw new InvalidOperationException("SECRET_KEY was removed while a request was using the session.");
        var fallbacks = app.Config.GetStringList("SECRET_KEY_FALLBACKS");
        var cache = _cipherCache;
        if (cache is not null && cache.Matches(secretKey, fallbacks, app.TimeProvider, Serializer))
        {
            return cache.Cipher;
        }

        var cipher = new SessionCookieCipher(fallbacks.Append(secretKey), Serializer, app.TimeProvider);
        _cipherCache = new CipherCache(secretKey, [.. fallbacks], app.TimeProvider, Serializer, cipher);
        return cipher;
    }

    /// <summary>Creates the session object (Flask's <c>session_class</c>); override to use a subclass.</summary>
    protected virtual SecureCookieSession CreateSession(IEnumerable<KeyValuePair<string, object?>>? data, bool isNew) => new(data, isNew);

    private static IReadOnlyDictionary<string, object?>? AsDictionary(object? data)
    {
        switch (data)
        {
            case IReadOnlyDictionary<string, object?> dictionary:
                return dictionary;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in pairs) copy[key] = value;
                return copy;
            default:
                return null;
        }
    }

    private static void WarnIfTooLarge(App app, string name, Response response)
    {
        // Werkzeug measures the whole Set-Cookie value, attributes included, against MAX_COOKIE_SIZE (0 = no limit).
        var limit = app.Config.GetLong("MAX_COOKIE_SIZE") ?? 4093;
        var headers = response.Headers.GetAll("Set-Cookie");
        var header = headers.Count == 0 ? null : headers[headers.Count - 1];
        var size = header is null ? 0 : Encoding.UTF8.GetByteCount(header);
        if (limit > 0 && size > limit)
        {
            app.Logger.LogCookieTooLarge(name, size, limit);
        }
    }

    private sealed record CipherCache(string SecretKey, string[] Fallbacks, TimeProvider Time, IPayloadSerializer Serializer, SessionCookieCipher Cipher)
    {
        public bool Matches(string secretKey, IReadOnlyList<string> fallbacks, TimeProvider time, IPayloadSerializer serializer) =>
            SecretKey == secretKey && ReferenceEquals(Time, time) && ReferenceEquals(Serializer, serializer) && Fallbacks.SequenceEqual(fallbacks);
    }

    private sealed record SigningCache(string SecretKey, string[] Fallbacks, TimeProvider Time, UrlSafeTimedSerializer Serializer)
    {
        public bool Matches(string secretKey, IReadOnlyList<string> fallbacks, TimeProvider time) =>
            SecretKey == secretKey && ReferenceEquals(Time, time) && Fallbacks.SequenceEqual(fallbacks);
    }
}
