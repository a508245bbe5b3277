using System.Collections.Concurrent;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// Sessions in this process's memory, for tests and single-process apps: lost on restart, not shared between
/// processes. Each save builds a new entry from the latest one and swaps it in with compare-and-swap, so concurrent
/// saves merge. Memory stays bounded: expired entries are swept once a minute (by whichever request comes), and past
/// <see cref="MaxEntries"/> the entries closest to expiry are evicted first.
/// </summary>
public sealed class MemorySessionStore : ISessionStore, ISynchronousSessionLoad
{
    /// <summary>SESSION_MEMORY_MAX_ENTRIES's default: 100,000 sessions, about 50 MB of small ones (472 bytes each for a login's user id and token, measured).</summary>
    public const int DefaultMaxEntries = 100_000;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _maxEntries = DefaultMaxEntries;
    // Kept by hand: ConcurrentDictionary.Count takes every lock, too dear for each save.
    private int _count;
    private long _nextSweepTicks;
    private int _maintaining;

    /// <summary>Creates an empty store; expiry is measured with <paramref name="timeProvider"/> (the system clock by default).</summary>
    public MemorySessionStore(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _nextSweepTicks = (_time.GetUtcNow() + SweepInterval).UtcTicks;
    }

    /// <summary>How many entries are held, expired ones included until swept.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// The most sessions held (SESSION_MEMORY_MAX_ENTRIES, <see cref="DefaultMaxEntries"/>). A save that goes past it
    /// first sweeps the expired ones, then evicts those closest to expiry (one in a hundred more, so that a flood of new
    /// sessions does not pay for an eviction each).
    /// </summary>
    public int MaxEntries
    {
        get => _maxEntries;
        init => _maxEntries = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "SESSION_MEMORY_MAX_ENTRIES must be at least 1.");
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Find(id));
    }

    /// <inheritdoc />
    public ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        var expires = now + timeToLive;
        // Compare-and-swap, retried when another save won the race, so the result always builds on the latest entry.
        while (true)
        {
            if (_entries.TryGetValue(id, out var current))
            {
                var merged = new Entry(Merge(current.Expires <= now ? null : current, changes), expires);
                if (_entries.TryUpdate(id, merged, current)) break;
            }
            else if (_entries.TryAdd(id, new Entry(Merge(null, changes), expires)))
            {
                Interlocked.Increment(ref _count);
                break;
            }
        }
        if (Volatile.Read(ref _count) > _maxEntries) Maintain(now);
        else MaintainIfDue(now);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_entries.TryRemove(id, out _)) Interlocked.Decrement(ref _count);
        return ValueTask.CompletedTask;
    }

    /// <summary>Describes the store in logs and errors.</summary>
    public override string ToString() => "memory";

    private static Dictionary<string, string> Merge(Entry? current, SessionChanges changes)
    {
        var merged = current is null || changes.Cleared
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(current, StringComparer.Ordinal);
        // On a private copy: an increment that meets a non-integer throws before anything is published.
        changes.ApplyTo(merged);
        return merged;
    }

    private void MaintainIfDue(DateTimeOffset now)
    {
        // Also when the clock went back (a test swapped app.TimeProvider, or the system clock was set back).
        var next = Volatile.Read(ref _nextSweepTicks);
        if (now.UtcTicks >= next || next - now.UtcTicks > SweepInterval.Ticks) Maintain(now);
    }

    /// <summary>Sweeps the expired entries, then evicts the soonest to expire while over the bound; one request at a time.</summary>
    private void Maintain(DateTimeOffset now)
    {
        // The others go on: the bound may be passed by the saves running meanwhile, never for longer.
        if (Interlocked.CompareExchange(ref _maintaining, 1, 0) != 0) return;
        try
        {
            Volatile.Write(ref _nextSweepTicks, (now + SweepInterval).UtcTicks);
            foreach (var pair in _entries)
            {
                if (pair.Value.Expires <= now) Remove(pair);
            }
            var excess = Volatile.Read(ref _count) - _maxEntries;
            if (excess > 0) EvictSoonestExpiring(excess + _maxEntries / 100);
        }
        finally
        {
            Volatile.Write(ref _maintaining, 0);
        }
    }

    private void EvictSoonestExpiring(int count)
    {
        // The latest-expiring on top, so that one pass keeps the `count` soonest-expiring entries in O(n log count).
        var soonest = new PriorityQueue<KeyValuePair<string, Entry>, long>(count + 1, Comparer<long>.Create(static (a, b) => b.CompareTo(a)));
        foreach (var pair in _entries)
        {
            if (soonest.Count < count) soonest.Enqueue(pair, pair.Value.Expires.UtcTicks);
            // Drops whichever expires latest, the new one included.
            else soonest.EnqueueDequeue(pair, pair.Value.Expires.UtcTicks);
        }
        while (soonest.TryDequeue(out var pair, out _)) Remove(pair);
    }

    // Only this very entry: a save that has replaced it meanwhile keeps its newer one.
    private void Remove(KeyValuePair<string, Entry> pair)
    {
        if (_entries.TryRemove(pair)) Interlocked.Decrement(ref _count);
    }

    // A class, not a record: removal compares entries by reference, so it never takes a newer entry with equal content.
    // The entries are packed in one array and searched in order (sessions hold a handful of keys): about half the
    // memory of a dictionary, which is what lets the store hold its 100,000 sessions in a bounded footprint.
    private sealed class Entry : IReadOnlyDictionary<string, string>
    {
        private readonly KeyValuePair<string, string>[] _pairs;

        public Entry(Dictionary<string, string> data, DateTimeOffset expires)
        {
            _pairs = [.. data];
            Expires = expires;
        }

        public DateTimeOffset Expires { get; }

        public int Count => _pairs.Length;

        public IEnumerable<string> Keys => _pairs.Select(pair => pair.Key);

        public IEnumerable<string> Values => _pairs.Select(pair => pair.Value);

        public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The session has no key '{key}'.");

        public bool ContainsKey(string key) => TryGetValue(key, out _);

        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value)
        {
            foreach (var pair in _pairs)
            {
                if (string.Equals(pair.Key, key, StringComparison.Ordinal))
                {
                    value = pair.Value;
                    return true;
                }
            }
            value = null;
            return false;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Holds nothing but memory: nothing to release.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    IReadOnlyDictionary<string, string>? ISynchronousSessionLoad.Load(string id) => Find(id);

    private IReadOnlyDictionary<string, string>? Find(string id)
    {
        var now = _time.GetUtcNow();
        MaintainIfDue(now);
        if (!_entries.TryGetValue(id, out var entry)) return null;
        if (entry.Expires <= now)
        {
            // Removes only this expired entry, never one a concurrent save has just put in its place.
            Remove(KeyValuePair.Create(id, entry));
            return null;
        }
        // Entries are never changed once published, so the entry can be handed out as it is.
        return entry;
    }
}
