// In namespace MicroFlask, not MicroFlask.Sessions as its folder says: views take it as a parameter (see Http/Request.cs).
using MicroFlask.Sessions;

namespace MicroFlask;

/// <summary>
/// The session of the current request: a dictionary that remembers whether it was read (<see cref="Accessed"/>,
/// which adds <c>Vary: Cookie</c>) and written (<see cref="Modified"/>, which makes the interface save it).
/// Flask's <c>SessionMixin</c> on a dict.
/// </summary>
public interface ISession : IDictionary<string, object?>
{
    /// <summary>
    /// Whether the session changed and must be saved. Set it yourself after changing a nested value
    /// (a list or dictionary inside the session), which the session cannot see.
    /// </summary>
    bool Modified { get; set; }

    /// <summary>Whether the session was read or written during this request.</summary>
    bool Accessed { get; }

    /// <summary>Whether the session was just created (no valid cookie came with the request).</summary>
    bool New { get; }

    /// <summary>
    /// A permanent session lasts PERMANENT_SESSION_LIFETIME; otherwise its cookie goes when the browser closes.
    /// Stored as the <c>_permanent</c> key, as Flask does.
    /// </summary>
    bool Permanent { get; set; }

    /// <summary>
    /// Loads the data now, asynchronously, when the store would otherwise load it on first use (ASP.NET Core's
    /// <c>ISession.LoadAsync</c>): await it in an async view to keep the first read from blocking a thread. A session
    /// whose data is already here returns a completed task.
    /// </summary>
    /// <exception cref="Sessions.SessionStoreUnavailableException">The store is down or too slow (a 503).</exception>
    Task LoadAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>The value of <paramref name="key"/> as <typeparamref name="T"/>, or <paramref name="defaultValue"/> when absent.</summary>
    T? Get<T>(string key, T? defaultValue = default);

    /// <summary>Removes <paramref name="key"/> and returns its value, or <paramref name="defaultValue"/> when absent.</summary>
    object? Pop(string key, object? defaultValue = null);

    /// <summary>Returns the value of <paramref name="key"/>, first storing <paramref name="defaultValue"/> when absent.</summary>
    object? SetDefault(string key, object? defaultValue);

    /// <summary>
    /// Adds <paramref name="delta"/> to the integer under <paramref name="key"/> (a missing key counts as 0) and
    /// returns the new value as this request sees it. A server-side store applies the delta itself, atomically, onto
    /// the value it holds when the session is saved: concurrent requests never lose each other's increments (the
    /// returned value does not include theirs). The signed cookie session has no server: there it is a plain
    /// read-modify-write of this request's cookie, exact per cookie only.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key holds a value that is not an integer, or the sum overflows.</exception>
    long Increment(string key, long delta = 1)
    {
        var next = SessionCounter.Add(key, TryGetValue(key, out var value) ? SessionCounter.ToLong(key, value) : 0, delta);
        this[key] = next;
        return next;
    }

    /// <summary>Subtracts <paramref name="delta"/> from the integer under <paramref name="key"/>: <see cref="Increment"/> with <c>-delta</c>.</summary>
    /// <exception cref="InvalidOperationException">The key holds a value that is not an integer, or the result overflows.</exception>
    long Decrement(string key, long delta = 1) =>
        Increment(key, delta == long.MinValue ? throw new ArgumentOutOfRangeException(nameof(delta), delta, "Decrement by long.MinValue cannot be negated: use Increment.") : -delta);

    /// <summary>The value as a string, or null.</summary>
    string? GetString(string key) => Get<string>(key);

    /// <summary>The value as an int, or <paramref name="defaultValue"/>.</summary>
    int GetInt(string key, int defaultValue = 0) => Get(key, defaultValue);

    /// <summary>The value as a long, or <paramref name="defaultValue"/>.</summary>
    long GetLong(string key, long defaultValue = 0) => Get(key, defaultValue);

    /// <summary>The value as a bool, or <paramref name="defaultValue"/>.</summary>
    bool GetBool(string key, bool defaultValue = false) => Get(key, defaultValue);
}
