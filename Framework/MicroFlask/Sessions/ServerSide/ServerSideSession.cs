namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// A session whose data lives in a store and whose cookie carries only <see cref="Sid"/>. Besides what every
/// session tracks, it records what this request changed (keys set, keys removed, counters incremented, cleared), so
/// that a save applies only that onto the latest stored version and concurrent requests keep each other's writes.
/// A key only incremented during the request is saved as its delta; one also set or removed in the request (before or
/// after) is saved as its final value, as a set or a removal.
/// </summary>
/// <remarks>
/// With a store that can load synchronously (<see cref="ISynchronousSessionLoad"/>) a session that came with a cookie
/// opens unloaded and loads on its first touch: any read or write, <see cref="ISession.New"/>, or
/// <see cref="LoadAsync"/> ahead of it. A session never touched is never loaded, saved or refreshed.
/// </remarks>
public sealed class ServerSideSession : SessionDictionary
{
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _increments = new(StringComparer.Ordinal);
    private LazySessionLoad? _lazy;

    internal ServerSideSession(
        string sid,
        IEnumerable<KeyValuePair<string, object?>>? data,
        IReadOnlyDictionary<string, string>? stored,
        bool isNew)
        : base(data, isNew)
    {
        Sid = sid;
        Stored = stored;
        // A session nobody has stored yet is written whole, _permanent included (it is set before any tracking).
        WriteWhole = isNew;
    }

    /// <summary>The session id: the cookie's value (before signing) and, with the key prefix, the store's key.</summary>
    public string Sid { get; internal set; }

    /// <summary>The id this session was loaded under, until a save deletes it (set by <see cref="ServerSideSessionInterface.Regenerate"/>).</summary>
    internal string? PreviousSid { get; set; }

    /// <summary>The serialized values as loaded, to notice nested changes the hooks cannot see.</summary>
    internal IReadOnlyDictionary<string, string>? Stored { get; private set; }

    /// <summary>Whether the next save replaces the stored entry rather than merging into it.</summary>
    internal bool WriteWhole { get; set; }

    /// <summary>Whether <see cref="SessionDictionary.Clear"/> was called: the save drops keys other requests stored meanwhile.</summary>
    internal bool Cleared { get; private set; }

    /// <summary>Keys written during this request.</summary>
    internal IReadOnlyCollection<string> SetKeys => _set;

    /// <summary>Keys removed during this request (never also in <see cref="SetKeys"/>).</summary>
    internal IReadOnlyCollection<string> RemovedKeys => _removed;

    /// <summary>Keys only incremented during this request, with the sum of their deltas (never in <see cref="SetKeys"/> or <see cref="RemovedKeys"/>).</summary>
    internal IReadOnlyDictionary<string, long> Increments => _increments;

    /// <summary>The request's User-Agent and client address, recorded with a user's session (see <see cref="UserSessionInfo"/>).</summary>
    internal (string? UserAgent, string? RemoteAddress) Device { get; set; }

    /// <summary>Set once a save failed, so that the error page's save does not try again and half-succeed.</summary>
    internal bool SaveAbandoned { get; set; }

    /// <summary>
    /// Whether the session holds nothing worth storing: no keys, or only <c>_permanent</c> (which every new session
    /// carries), as Flask-Session counts it.
    /// </summary>
    internal bool IsEmpty => Data.Count == 0 || (Data.Count == 1 && Data.ContainsKey(SessionFormat.PermanentKey));

    /// <inheritdoc />
    protected override void OnKeySet(string key)
    {
        if (key == SessionFormat.VersionKey)
            throw new ArgumentException($"The session key '{SessionFormat.VersionKey}' is reserved for the stored format version.", nameof(key));
        if (key == UserSessionInfo.Key)
            throw new ArgumentException($"The session key '{UserSessionInfo.Key}' is reserved for what UserSessions lists.", nameof(key));
        _removed.Remove(key);
        _increments.Remove(key);
        _set.Add(key);
    }

    /// <inheritdoc />
    protected override void OnKeyIncremented(string key, long delta)
    {
        // After a set or a removal in this request the value is absolute already: the final one is written whole.
        if (_set.Contains(key) || _removed.Contains(key))
        {
            OnKeySet(key);
            return;
        }
        _increments[key] = _increments.TryGetValue(key, out var sum) ? SessionCounter.Add(key, sum, delta) : delta;
    }

    /// <inheritdoc />
    protected override void OnKeyRemoved(string key)
    {
        _set.Remove(key);
        _increments.Remove(key);
        _removed.Add(key);
    }

    /// <inheritdoc />
    protected override void OnCleared()
    {
        Cleared = true;
        _set.Clear();
        _removed.Clear();
        _increments.Clear();
    }

    /// <summary>An unloaded session of id <paramref name="sid"/> (from a valid cookie), loaded by <paramref name="lazy"/> on first touch.</summary>
    internal ServerSideSession(string sid, LazySessionLoad lazy)
        : base(null, isNew: false)
    {
        Sid = sid;
        _lazy = lazy;
        OpenedLazily = true;
    }

    /// <summary>Whether the data is here: always, except for a lazy session nothing has touched yet.</summary>
    internal bool IsLoaded => _lazy is null;

    /// <summary>Whether the session was opened unloaded (a lazy store's, with a cookie), whether or not it has loaded since.</summary>
    internal bool OpenedLazily { get; }

    /// <inheritdoc />
    /// <remarks>Loads through the store's asynchronous call; a session already loaded returns at once.</remarks>
    public override Task LoadAsync(CancellationToken cancellationToken = default) =>
        _lazy is null ? Task.CompletedTask : _lazy.LoadAsync(this, cancellationToken);

    /// <summary>Loads the session now, synchronously, unless it is loaded already.</summary>
    internal void EnsureLoaded() => _lazy?.Load(this);

    /// <summary>Becomes <paramref name="loaded"/>, what the store held (or a new session when it held nothing), still untouched.</summary>
    internal void TakeLoaded(ServerSideSession loaded)
    {
        _lazy = null;
        Sid = loaded.Sid;
        New = loaded.New;
        Stored = loaded.Stored;
        WriteWhole = loaded.WriteWhole;
        Device = loaded.Device;
        ReplaceData(loaded.Data);
    }

    /// <inheritdoc />
    private protected override void OnReading() => _lazy?.Load(this);

    /// <inheritdoc />
    protected override void OnWriting() => _lazy?.Load(this);
}
