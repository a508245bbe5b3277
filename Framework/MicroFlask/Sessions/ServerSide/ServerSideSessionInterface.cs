using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MicroFlask.Http;
using MicroFlask.Signing;
using MicroFlask.Telemetry;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// The base of every server-side session store (Flask-Session's <c>ServerSideSessionInterface</c>): the cookie
/// carries a random session id (optionally signed), the data lives in an <see cref="ISessionStore"/>. It owns the
/// id, the signing, the cookie and the serialization; the store only loads, merges changes and deletes.
/// </summary>
/// <remarks>
/// A store failure while opening or saving becomes a <see cref="SessionStoreUnavailableException"/> (503, logged with
/// <see cref="StoreName"/> and the reason); so does an operation that outlives <see cref="ServerSideSessionOptions.OperationTimeout"/>.
/// </remarks>
public partial class ServerSideSessionInterface : SessionInterface
{
    // Flask-Session's signer settings, so that signed ids stay readable by either side.
    private static readonly SignerOptions SignerOptions = new() { Salt = "flask-session", KeyDerivation = KeyDerivation.Hmac };
    private const int MaxIdCharacters = 256;
    private readonly int _maxIdCharacters;
    private SignerCache? _signer;
    private string? _storeType;

    /// <summary>Sessions stored in <paramref name="store"/>, described in logs as <paramref name="storeName"/> (the store's text by default).</summary>
    public ServerSideSessionInterface(ISessionStore store, ServerSideSessionOptions? options = null, string? storeName = null)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        Options = options ?? new ServerSideSessionOptions();
        Options.Validate();
        StoreName = storeName ?? store.ToString() ?? store.GetType().Name;
        _maxIdCharacters = MaxStorableIdCharacters(store, Options, StoreName);
    }

    /// <summary>
    /// <paramref name="options"/> (Flask-Session's defaults when null) with <paramref name="keyPrefix"/> as the key prefix
    /// when one is given: what a store's <c>keyPrefix</c> constructor argument means.
    /// </summary>
    protected static ServerSideSessionOptions WithKeyPrefix(ServerSideSessionOptions? options, string? keyPrefix)
    {
        var chosen = options ?? new ServerSideSessionOptions();
        return keyPrefix is null ? chosen : chosen with { KeyPrefix = keyPrefix };
    }

    /// <summary>Where the data lives.</summary>
    public ISessionStore Store { get; }

    /// <summary>Id length, prefix, signing, permanence and timeout.</summary>
    public ServerSideSessionOptions Options { get; }

    /// <summary>Names the store in errors and logs, e.g. "sqlite sessions.db".</summary>
    public string StoreName { get; }

    /// <inheritdoc />
    public override async ValueTask<ISession?> OpenSessionAsync(App app, Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Cookies.TryGetValue(CookieNameOf(app), out var cookie) || string.IsNullOrEmpty(cookie)) return NewSession(request);

        var sid = cookie;
        // A bad signature or a malformed id is a client's fault: a new empty session, never an error.
        if (Options.UseSigner && !TryUnsign(app, cookie, out sid)) return NewSession(request);
        if (!IsWellFormedId(sid)) return NewSession(request);

        // Lazy, as ASP.NET Core's session: the store is asked only when a view or hook touches the session.
        if (Store is ISynchronousSessionLoad { CanLoadSynchronously: true } synchronous)
            return new ServerSideSession(sid, new LazySessionLoad(this, app, request, synchronous));

        var storeKey = StoreKey(sid);
        var entries = await RunAsync(app, "load", token => Store.LoadAsync(storeKey, token), cancellationToken, storeKey);
        return FromEntries(app, request, sid, entries);
    }

    /// <summary>Loads session <paramref name="sid"/> through the store's synchronous call, for a lazy session's first touch.</summary>
    internal ServerSideSession Load(App app, Request request, ISynchronousSessionLoad store, string sid)
    {
        var storeKey = StoreKey(sid);
        return FromEntries(app, request, sid, Run(app, "load", () => store.Load(storeKey), storeKey));
    }

    /// <summary>Loads session <paramref name="sid"/> through the store's asynchronous call, for a lazy session's <see cref="ServerSideSession.LoadAsync"/>.</summary>
    internal async Task<ServerSideSession> LoadAsync(App app, Request request, string sid, CancellationToken cancellationToken)
    {
        var storeKey = StoreKey(sid);
        return FromEntries(app, request, sid, await RunAsync(app, "load", token => Store.LoadAsync(storeKey, token), cancellationToken, storeKey));
    }

    /// <summary>
    /// The session that the stored <paramref name="entries"/> of <paramref name="sid"/> make: a new one when there are
    /// none, they cannot be read, or a timeout has passed (the same checks whether the session loads at open or lazily).
    /// </summary>
    private ServerSideSession FromEntries(App app, Request request, string sid, IReadOnlyDictionary<string, string>? entries)
    {
        if (entries is null) return NewSession(request);
        if (!SessionFormat.TryDeserialize(entries, out var data, out var unreadable))
        {
            ServerSideSessionLog.UnsupportedFormat(app.Logger, StoreName, entries[SessionFormat.VersionKey]);
            return NewSession(request);
        }
        foreach (var key in unreadable) ServerSideSessionLog.UnreadableValue(app.Logger, StoreName, key);
        // Checked here as well as by the store's TTL: the app's clock decides, and some stores delete late.
        if (SessionTimeouts.Of(app).HasExpired(data, app.TimeProvider.GetUtcNow())) return NewSession(request);
        data.Remove(UserSessionInfo.Key);
        return new ServerSideSession(sid, data, entries, isNew: false) { Device = DeviceOf(request) };
    }

    /// <inheritdoc />
    public override async ValueTask SaveSessionAsync(App app, ISession session, Response response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(response);
        var serverSession = AsServerSide(session);
        if (serverSession.SaveAbandoned) return;
        if (serverSession.OpenedLazily)
        {
            // Never read or written (perhaps loaded ahead, see SessionPrefetch): no store call, no cookie, no refresh, no
            // _seen, as ASP.NET Core's session commits only a session that was used.
            if (!serverSession.Accessed && !serverSession.Modified) return;
            // Modified set alone (to refresh it): the save needs what is stored. A failure is logged by the app's save.
            if (!serverSession.IsLoaded) await serverSession.LoadAsync(cancellationToken);
        }

        var cookie = GetSessionCookie(app);

        // As Flask's cookie session: a read session varies by cookie, so a cache never serves one user's page to another.
        if (serverSession.Accessed) response.AddVary("Cookie");

        if (serverSession.IsEmpty || SessionTimeouts.HoldsOnlyStamps(serverSession.Data, permanentIsEmpty: true))
        {
            // Emptied during this request (logout): drop the stored entry and the cookie. Never stored: nothing to do.
            if (!serverSession.Modified) return;
            // Only the id the session was loaded under has an entry: a new or regenerated id was never stored.
            var storedSid = serverSession.PreviousSid ?? (serverSession.New ? null : serverSession.Sid);
            if (storedSid is not null)
                await SaveStepAsync(app, serverSession, "delete", token => DeleteStoredAsync(app, serverSession, storedSid, token), cancellationToken, StoreKey(storedSid));
            cookie.Delete(response);
            response.AddVary("Cookie");
            return;
        }

        if (!ShouldSetCookie(app, serverSession)) return;

        var now = app.TimeProvider.GetUtcNow();
        var timeouts = SessionTimeouts.Of(app);
        timeouts.Stamp(serverSession, serverSession.Data, now, trackUse: true);
        // Serialized before touching the store: a value of an unsupported type is a bug (500), not an outage (503).
        var changes = BuildChanges(serverSession);
        // The store forgets the session by itself once it is unused for the idle timeout or past its absolute end.
        var timeToLive = timeouts.TimeToLive(app.PermanentSessionLifetime, serverSession.Data, now);
        var users = UsersOf(serverSession);
        changes = WithUserInfo(app, serverSession, users, changes, out var indexUser);
        await SaveStepAsync(app, serverSession, "save", async token =>
        {
            await Store.ApplyAsync(StoreKey(serverSession.Sid), changes, timeToLive, token);
            await IndexUserAsync(serverSession, users, indexUser, timeToLive, token);
            // The old id goes only once the new entry exists: a failure here leaves the client on its old, intact session.
            if (serverSession.PreviousSid is { } previous) await Store.DeleteAsync(StoreKey(previous), token);
        }, cancellationToken, StoreKey(serverSession.Sid));
        serverSession.PreviousSid = null;
        serverSession.WriteWhole = false;

        var value = Options.UseSigner ? GetSigner(app).Sign(serverSession.Sid) : serverSession.Sid;
        cookie.Set(response, value, GetExpirationTime(app, serverSession));
        response.AddVary("Cookie");
        await SweepIfDueAsync(app);
    }

    /// <summary>
    /// Gives <paramref name="session"/> a new id and deletes its old stored entry when the response is saved; call it
    /// at login so that an id an attacker planted before (session fixation) is worth nothing afterwards.
    /// The data moves to the new id, and SESSION_ABSOLUTE_TIMEOUT counts again from this save.
    /// </summary>
    public override void Regenerate(ISession session)
    {
        var serverSession = AsServerSide(session);
        // The data moves to the new id: it must be here first.
        serverSession.EnsureLoaded();
        base.Regenerate(serverSession);
        // Only the first id was ever stored; later ones of the same request were not.
        if (!serverSession.New) serverSession.PreviousSid ??= serverSession.Sid;
        serverSession.Sid = GenerateSessionId();
        serverSession.WriteWhole = true;
        serverSession.Modified = true;
    }

    /// <summary>A new session id: <see cref="ServerSideSessionOptions.IdLength"/> bytes from the CSPRNG, URL-safe base64.</summary>
    protected virtual string GenerateSessionId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Options.IdLength));

    /// <summary>The signer for session ids: SECRET_KEY signs, SECRET_KEY_FALLBACKS also verify (Flask-Session's salt).</summary>
    protected virtual Signer GetSigner(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var secret = app.SecretKey;
        if (string.IsNullOrEmpty(secret))
            throw new InvalidOperationException("SESSION_USE_SIGNER is set but SECRET_KEY is not: set app.Config[\"SECRET_KEY\"] to sign session ids.");
        string[] keys = [.. app.Config.GetStringList("SECRET_KEY_FALLBACKS"), secret];
        // Key derivation costs a hash per key: keep the signer until the keys change.
        var cached = _signer;
        if (cached is not null && cached.Keys.AsSpan().SequenceEqual(keys)) return cached.Signer;
        var signer = new Signer(keys, SignerOptions);
        _signer = new SignerCache(keys, signer);
        return signer;
    }

    private ServerSideSession NewSession(Request request)
    {
        var data = Options.Permanent ? new[] { KeyValuePair.Create<string, object?>(SessionFormat.PermanentKey, true) } : null;
        return new ServerSideSession(GenerateSessionId(), data, stored: null, isNew: true) { Device = DeviceOf(request) };
    }

    private string StoreKey(string sid) => Options.KeyPrefix + sid;

    private bool TryUnsign(App app, string cookie, out string sid)
    {
        try
        {
            sid = GetSigner(app).Unsign(cookie);
            return true;
        }
        catch (BadSignatureException)
        {
            sid = "";
            return false;
        }
    }

    // Only what this interface could have issued reaches the store: URL-safe base64, of a length the store can hold
    // with the prefix (an id it cannot store is a client's fault, not an outage).
    private bool IsWellFormedId(string sid)
    {
        if (sid.Length == 0 || sid.Length > _maxIdCharacters) return false;
        foreach (var c in sid)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        }
        return true;
    }

    /// <summary>The longest id a cookie may carry: 256 characters, less when the store's keys are shorter.</summary>
    /// <exception cref="InvalidOperationException">The prefix leaves no room for the ids this interface makes.</exception>
    private static int MaxStorableIdCharacters(ISessionStore store, ServerSideSessionOptions options, string storeName)
    {
        // Ids are ASCII, so their characters are bytes; the prefix may not be.
        var prefixBytes = Encoding.UTF8.GetByteCount(options.KeyPrefix);
        var room = (long)store.MaxKeyBytes - prefixBytes;
        var idCharacters = Base64Url.GetEncodedLength(options.IdLength);
        if (room < idCharacters)
            throw new InvalidOperationException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"SESSION_KEY_PREFIX is {prefixBytes} bytes long: with SESSION_ID_LENGTH {options.IdLength} ({idCharacters}-character ids) a key needs "
                + $"{prefixBytes + idCharacters} bytes, but {storeName} holds keys of at most {store.MaxKeyBytes}. "
                + $"Shorten the prefix to {Math.Max(0, store.MaxKeyBytes - idCharacters)} bytes or fewer."));
        return (int)Math.Min(MaxIdCharacters, room);
    }

    private static ServerSideSession AsServerSide(ISession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session as ServerSideSession ?? throw new InvalidOperationException(
            $"A server-side session interface can only save the sessions it opened, not a {session.GetType().Name}.");
    }

    private static SessionChanges BuildChanges(ServerSideSession session)
    {
        var data = session.Data;
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        if (session.WriteWhole || session.Cleared)
        {
            foreach (var (key, value) in data)
            {
                if (key != SessionFormat.VersionKey) set[key] = SessionFormat.Serialize(value);
            }
            set[SessionFormat.VersionKey] = SessionFormat.Version;
            return new SessionChanges(cleared: true, set, Array.Empty<string>());
        }
        if (!session.Modified) return SessionChanges.None;

        foreach (var key in session.SetKeys)
        {
            if (key != SessionFormat.VersionKey && data.TryGetValue(key, out var value)) set[key] = SessionFormat.Serialize(value);
        }
        // Modified without a recorded write means a nested value changed (session["cart"].Add(...), then Modified = true):
        // find it by comparing with what was loaded, so that only changed keys overwrite other requests' writes.
        var increments = session.Increments;
        foreach (var (key, value) in data)
        {
            // A counter goes as its delta, which the store adds to whatever concurrent requests made of it.
            if (key == SessionFormat.VersionKey || set.ContainsKey(key) || increments.ContainsKey(key)) continue;
            var json = SessionFormat.Serialize(value);
            if (session.Stored is null || !session.Stored.TryGetValue(key, out var before) || before != json) set[key] = json;
        }
        var removed = session.RemovedKeys.Where(key => !data.ContainsKey(key)).ToArray();
        if (set.Count > 0 || increments.Count > 0) set[SessionFormat.VersionKey] = SessionFormat.Version;
        return new SessionChanges(cleared: false, set, removed, new Dictionary<string, long>(increments, StringComparer.Ordinal));
    }

    private async ValueTask SaveStepAsync(App app, ServerSideSession session, string operation, Func<CancellationToken, Task> step, CancellationToken cancellationToken, string key)
    {
        try
        {
            await RunAsync(app, operation, async ValueTask<bool> (CancellationToken token) =>
            {
                await step(token);
                return true;
            }, cancellationToken, key);
        }
        catch
        {
            session.SaveAbandoned = true;
            throw;
        }
    }

    /// <summary>Runs one store operation under the timeout; any failure becomes a 503 naming the store and the reason.</summary>
    /// <remarks>
    /// The token asks the driver to stop, but a driver may wait for a frozen server to answer that very request (Npgsql's
    /// cancel, a socket read): the wait itself is bounded too, so the request has its 503 on time whatever the driver does.
    /// </remarks>
    /// <param name="app">The app, whose log hears of outages and recoveries.</param>
    /// <param name="operation">What is done, for the reason: "load", "save"...</param>
    /// <param name="action">The store operation.</param>
    /// <param name="cancellationToken">The request's token.</param>
    /// <param name="key">The store key the operation is about, so that a store spread over several servers can say which one failed.</param>
    private async ValueTask<T> RunAsync<T>(App app, string operation, Func<CancellationToken, ValueTask<T>> action, CancellationToken cancellationToken, string? key = null)
    {
        var server = key is null ? null : Store.ServerOf(key);
        // Null unless someone listens to MicroFlask's spans or metrics.
        var observation = MicroFlaskTelemetry.StoreObserved ? StoreObservation.Start(StoreType, operation, StoreName) : null;
        // The driver's token, cancelled only when the request stops waiting (Abandon): the one timer below bounds the wait,
        // and neither a second timer nor a registration on the request's token is needed for that.
        var stop = new CancellationTokenSource();
        Task<T>? running = null;
        try
        {
            var pending = action(stop.Token);
            // The memory and file stores answer at once: no task, no timer.
            if (!pending.IsCompletedSuccessfully)
            {
                running = pending.AsTask();
                await running.WaitAsync(Options.OperationTimeout, cancellationToken);
            }
            // The failures are logged where the session interface is called; the recovery is seen here.
            app.StoreOutages.Succeeded(app.Logger, app.TimeProvider.GetUtcNow(), server);
            var result = running is null ? pending.Result : running.Result;
            observation?.Stop(null);
            return result;
        }
        catch (Exception e) when (observation is not null && Observe(observation, e, cancellationToken))
        {
            throw; // never taken: Observe records the failure and returns false
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Abandon(running, stop);
            throw; // the client went away: nothing to report
        }
        catch (Exception e) when (IsTimeout(e, running))
        {
            Abandon(running, stop);
            throw new SessionStoreUnavailableException(StoreName, $"{operation} timed out after {Options.OperationTimeout.TotalSeconds:0.###} s", e) { Server = server };
        }
        catch (Exception e) when (e is not SessionStoreUnavailableException)
        {
            throw new SessionStoreUnavailableException(StoreName, $"{operation} failed: {e.GetType().Name}: {e.Message}", e) { Server = server };
        }
    }

    /// <summary>
    /// Runs one synchronous store operation, bounded by the driver's own timeout (which the stores built from config set
    /// to SESSION_STORE_TIMEOUT); any failure becomes a 503 naming the store and the reason, as <see cref="RunAsync"/> does.
    /// </summary>
    private T Run<T>(App app, string operation, Func<T> action, string key)
    {
        var server = Store.ServerOf(key);
        var observation = MicroFlaskTelemetry.StoreObserved ? StoreObservation.Start(StoreType, operation, StoreName) : null;
        try
        {
            var result = action();
            app.StoreOutages.Succeeded(app.Logger, app.TimeProvider.GetUtcNow(), server);
            observation?.Stop(null);
            return result;
        }
        catch (Exception e) when (observation is not null && Observe(observation, e, CancellationToken.None))
        {
            throw; // never taken: Observe records the failure and returns false
        }
        catch (Exception e) when (e is TimeoutException || e.InnerException is TimeoutException)
        {
            // The driver's timeout (a RedisTimeoutException, Npgsql's timeout): the store did not answer in time.
            throw new SessionStoreUnavailableException(StoreName, $"{operation} timed out: {e.GetType().Name}: {e.Message}", e) { Server = server };
        }
        catch (Exception e) when (e is not SessionStoreUnavailableException)
        {
            throw new SessionStoreUnavailableException(StoreName, $"{operation} failed: {e.GetType().Name}: {e.Message}", e) { Server = server };
        }
    }

    /// <summary>
    /// Whether <paramref name="error"/> is our deadline passing (WaitAsync's TimeoutException), not a failure the store
    /// reported: a driver's own timeout (a RedisTimeoutException is a TimeoutException too) is the store's answer.
    /// </summary>
    private static bool IsTimeout(Exception error, Task? running) =>
        error is TimeoutException && running is not null && !(running.IsFaulted && running.Exception.InnerExceptions.Contains(error));

    /// <summary>
    /// Leaves an operation the request no longer waits for: its token cancelled, its eventual failure observed. A write
    /// it still completes is whole, as every store applies a save in one atomic step.
    /// </summary>
    private static void Abandon(Task? running, CancellationTokenSource stop)
    {
        if (running is null || running.IsCompleted) return;
        // Asynchronously: a driver's callback on the token can block (Npgsql sends its cancel request to a frozen server
        // from one), and would hold the 503 back. A callback that fails leaves the operation abandoned all the same.
        ObserveFailure(stop.CancelAsync());
        ObserveFailure(running);
    }

    // Nobody awaits it any more: its failure is read here, so that it is not reported as unobserved.
    private static void ObserveFailure(Task task) =>
        _ = task.ContinueWith(static task => _ = task.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static bool Observe(StoreObservation observation, Exception e, CancellationToken cancellationToken)
    {
        // A client that went away is not the store's failure.
        observation.Stop(e is OperationCanceledException && cancellationToken.IsCancellationRequested ? null : e);
        return false;
    }

    /// <summary>The store's kind for metrics, "redis" for a RedisSessionStore: few values, unlike <see cref="StoreName"/>.</summary>
    private string StoreType => _storeType ??= StoreObservation.TypeOf(Store);

    // A class, published by one reference write: concurrent requests never see keys of one signer with another.
    private sealed record SignerCache(string[] Keys, Signer Signer);
}
