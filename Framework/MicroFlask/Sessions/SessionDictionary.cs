using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace MicroFlask.Sessions;

/// <summary>
/// A session dictionary that tracks reads and writes (Flask's <c>CallbackDict</c> + <c>SessionMixin</c>).
/// Every read, <see cref="ContainsKey"/> and <see cref="Count"/> included, marks it accessed (as Flask 3.1.3 does,
/// so that a cached page never leaks a user's data); every write marks it modified. Subclasses can record
/// which keys changed through the <c>On…</c> hooks.
/// </summary>
public class SessionDictionary : ISession
{
    private const string PermanentKey = "_permanent";
    private readonly Dictionary<string, object?> _data;
    private bool _new;

    /// <summary>Creates a session holding <paramref name="initial"/> (not copied into a modified state).</summary>
    public SessionDictionary(IEnumerable<KeyValuePair<string, object?>>? initial = null, bool isNew = false)
    {
        _data = initial is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(initial);
        New = isNew;
    }

    /// <summary>A session that takes <paramref name="owned"/> as its own storage: for data nothing else holds.</summary>
    private protected SessionDictionary(bool isNew, Dictionary<string, object?> owned)
    {
        _data = owned;
        New = isNew;
    }

    /// <inheritdoc />
    public bool Modified { get; set; }

    /// <inheritdoc />
    public bool Accessed { get; protected set; }

    /// <inheritdoc />
    public bool New
    {
        get
        {
            // Whether a cookie's session still exists is known once it is loaded (see ServerSideSession).
            OnReading();
            return _new;
        }
        protected set => _new = value;
    }

    /// <inheritdoc />
    public bool Permanent
    {
        get => Get(PermanentKey, false);
        set => this[PermanentKey] = value;
    }

    /// <summary>The data without marking the session accessed, for the interface that saves it.</summary>
    public IReadOnlyDictionary<string, object?> Data
    {
        get
        {
            OnReading();
            return _data;
        }
    }

    /// <inheritdoc />
    public object? this[string key]
    {
        get
        {
            MarkAccessed();
            return _data[key];
        }
        set
        {
            OnWriting();
            _data[key] = value;
            MarkWritten();
            OnKeySet(key);
        }
    }

    /// <inheritdoc />
    public ICollection<string> Keys
    {
        get
        {
            MarkAccessed();
            return _data.Keys;
        }
    }

    /// <inheritdoc />
    public ICollection<object?> Values
    {
        get
        {
            MarkAccessed();
            return _data.Values;
        }
    }

    /// <inheritdoc />
    public int Count
    {
        get
        {
            MarkAccessed();
            return _data.Count;
        }
    }

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    public virtual T? Get<T>(string key, T? defaultValue = default)
    {
        MarkAccessed();
        return _data.TryGetValue(key, out var value) ? SessionValueConverter.Convert(value, defaultValue) : defaultValue;
    }

    /// <inheritdoc />
    public void Add(string key, object? value)
    {
        OnWriting();
        _data.Add(key, value);
        MarkWritten();
        OnKeySet(key);
    }

    /// <inheritdoc />
    public void Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    /// <inheritdoc />
    public bool ContainsKey(string key)
    {
        MarkAccessed();
        return _data.ContainsKey(key);
    }

    /// <inheritdoc />
    public bool Contains(KeyValuePair<string, object?> item)
    {
        MarkAccessed();
        return ((ICollection<KeyValuePair<string, object?>>)_data).Contains(item);
    }

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        MarkAccessed();
        return _data.TryGetValue(key, out value);
    }

    /// <inheritdoc />
    public bool Remove(string key)
    {
        OnWriting();
        if (!_data.Remove(key)) return false;
        MarkWritten();
        OnKeyRemoved(key);
        return true;
    }

    /// <inheritdoc />
    public bool Remove(KeyValuePair<string, object?> item) =>
        Contains(item) && Remove(item.Key);

    /// <inheritdoc />
    public object? Pop(string key, object? defaultValue = null)
    {
        // dict.pop marks the session modified (and accessed) even when the key is absent.
        OnWriting();
        MarkWritten();
        if (!_data.Remove(key, out var value)) return defaultValue;
        OnKeyRemoved(key);
        return value;
    }

    /// <inheritdoc />
    public object? SetDefault(string key, object? defaultValue)
    {
        OnWriting();
        MarkWritten();
        if (_data.TryGetValue(key, out var existing)) return existing;
        _data[key] = defaultValue;
        OnKeySet(key);
        return defaultValue;
    }

    /// <inheritdoc />
    /// <remarks>Changes the value here; how the delta reaches the store is the subclass's (<see cref="OnKeyIncremented"/>).</remarks>
    public long Increment(string key, long delta = 1)
    {
        OnWriting();
        var current = _data.TryGetValue(key, out var value) ? SessionCounter.ToLong(key, value) : 0;
        var next = SessionCounter.Add(key, current, delta);
        _data[key] = next;
        MarkWritten();
        OnKeyIncremented(key, delta);
        return next;
    }

    /// <inheritdoc />
    public void Clear()
    {
        OnWriting();
        _data.Clear();
        MarkWritten();
        OnCleared();
    }

    /// <inheritdoc />
    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex)
    {
        MarkAccessed();
        ((ICollection<KeyValuePair<string, object?>>)_data).CopyTo(array, arrayIndex);
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        MarkAccessed();
        return _data.GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Called before any write; a read-only session throws here.</summary>
    protected virtual void OnWriting() { }

    /// <summary>Called after <paramref name="key"/> was set.</summary>
    protected virtual void OnKeySet(string key) { }

    /// <summary>
    /// Called after <see cref="Increment"/> added <paramref name="delta"/> to <paramref name="key"/>; by default it
    /// counts as a set of the new value (what a session saved whole, like the cookie session, needs).
    /// </summary>
    protected virtual void OnKeyIncremented(string key, long delta) => OnKeySet(key);

    /// <summary>Called after <paramref name="key"/> was removed.</summary>
    protected virtual void OnKeyRemoved(string key) { }

    /// <summary>Called after every key was removed.</summary>
    protected virtual void OnCleared() { }

    /// <inheritdoc />
    /// <remarks>A session whose data is already here (a cookie session, a session of a store that loads eagerly) has nothing to do.</remarks>
    public virtual Task LoadAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Called before any read: a lazily loaded session loads here (see ServerSideSession).</summary>
    private protected virtual void OnReading() { }

    /// <summary>Replaces the data by what a lazy load brought, without marking the session accessed or modified.</summary>
    private protected void ReplaceData(IEnumerable<KeyValuePair<string, object?>> data)
    {
        _data.Clear();
        foreach (var (key, value) in data) _data[key] = value;
    }

    private void MarkAccessed()
    {
        OnReading();
        Accessed = true;
    }

    private void MarkWritten()
    {
        Modified = true;
        Accessed = true;
    }
}
