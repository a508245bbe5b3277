using System.Collections.Concurrent;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// Sessions in this process's memory, for tests and single-process apps: lost on restart, not shared between
/// processes. Each save builds a new entry from the latest one and swaps it in with compare-and-swap, so concurrent
/// saves merge; expired entries are invisible and swept every <see cref="SweepInterval"/> saves.
/// </summary>
public sealed class MemorySessionStore : ISessionStore
{
    private const int SweepInterval = 1_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _savesSinceSweep;

    /// <summary>Creates an empty store; expiry is measured with <paramref name="timeProvider"/> (the system clock by default).</summary>
    public MemorySessionStore(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>How many entries are held, expired ones included until swept.</summary>
    public int Count => _entries.Count;

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_entries.TryGetValue(id, out var entry)) return ValueTask.FromResult<IReadOnlyDictionary<string, string>?>(null);
        if (entry.Expires <= _time.GetUtcNow())
        {
            // Removes only this expired entry, never one a concurrent save has just put in its place.
            _entries.TryRemove(KeyValuePair.Create(id, entry));
            return ValueTask.FromResult<IReadOnlyDictionary<string, string>?>(null);
        }
        // Entries are never changed once published, so the dictionary can be handed out as it is.
        return ValueTask.FromResult<IReadOnlyDictionary<string, string>?>(entry.Data);
    }

    /// <inheritdoc />
    public ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        var expires = now + timeToLive;
        // AddOrUpdate retries the merge when another save won the race, so the result always builds on the latest entry.
        _entries.AddOrUpdate(
            id,
            static (_, state) => new Entry(Merge(null, state.Changes), state.Expires),
            static (_, current, state) => new Entry(Merge(current.Expires <= state.Now ? null : current.Data, state.Changes), state.Expires),
            (Changes: changes, Expires: expires, Now: now));
        if (Interlocked.Increment(ref _savesSinceSweep) >= SweepInterval)
        {
            Interlocked.Exchange(ref _savesSinceSweep, 0);
            Sweep(now);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _entries.TryRemove(id, out _);
        return ValueTask.CompletedTask;
    }

    /// <summary>Describes the store in logs and errors.</summary>
    public override string ToString() => "memory";

    private static Dictionary<string, string> Merge(Dictionary<string, string>? current, SessionChanges changes)
    {
        var merged = current is null || changes.Cleared
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var key in changes.Removed) merged.Remove(key);
        foreach (var (key, value) in changes.Set) merged[key] = value;
        return merged;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var pair in _entries)
        {
            if (pair.Value.Expires <= now) _entries.TryRemove(pair);
        }
    }

    // A class, not a record: removal compares entries by reference, so it never takes a newer entry with equal content.
    private sealed class Entry(Dictionary<string, string> data, DateTimeOffset expires)
    {
        public Dictionary<string, string> Data { get; } = data;

        public DateTimeOffset Expires { get; } = expires;
    }

    /// <summary>Holds nothing but memory: nothing to release.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
