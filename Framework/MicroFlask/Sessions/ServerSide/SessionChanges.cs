using System.Globalization;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// What one request did to a session: optionally cleared it first, then set, removed and incremented keys.
/// Saving a whole session is the special case "cleared, then set every key".
/// </summary>
public sealed class SessionChanges
{
    private static readonly IReadOnlyDictionary<string, long> NoIncrements = new Dictionary<string, long>();

    /// <summary>Creates a change set.</summary>
    public SessionChanges(bool cleared, IReadOnlyDictionary<string, string> set, IReadOnlyCollection<string> removed)
        : this(cleared, set, removed, NoIncrements)
    {
    }

    /// <summary>Creates a change set with counter deltas (<see cref="Increments"/>).</summary>
    public SessionChanges(bool cleared, IReadOnlyDictionary<string, string> set, IReadOnlyCollection<string> removed, IReadOnlyDictionary<string, long> increments)
    {
        Cleared = cleared;
        Set = set;
        Removed = removed;
        Increments = increments;
    }

    /// <summary>No change: a save with it only refreshes the expiry.</summary>
    public static SessionChanges None { get; } = new(false, new Dictionary<string, string>(), Array.Empty<string>());

    /// <summary>Whether every stored key is dropped before <see cref="Set"/> is applied.</summary>
    public bool Cleared { get; }

    /// <summary>Keys to write, with their serialized values.</summary>
    public IReadOnlyDictionary<string, string> Set { get; }

    /// <summary>Keys to delete (never also in <see cref="Set"/>).</summary>
    public IReadOnlyCollection<string> Removed { get; }

    /// <summary>
    /// Integer keys to add a delta to, as the store holds them when it applies the save (a missing key counts as 0):
    /// the keys this request only changed with <see cref="ISession.Increment"/>. Never also in <see cref="Set"/> or
    /// <see cref="Removed"/> (a key set or removed in the request is written whole), never with <see cref="Cleared"/>.
    /// </summary>
    public IReadOnlyDictionary<string, long> Increments { get; }

    /// <summary>Whether applying this changes no data.</summary>
    public bool IsEmpty => !Cleared && Set.Count == 0 && Removed.Count == 0 && Increments.Count == 0;

    /// <summary>
    /// Applies the changes to <paramref name="entries"/>, the stored entries as read under the store's lock (emptied
    /// first when <see cref="Cleared"/>): for stores that merge in process. Throws before changing anything when an
    /// increment meets a stored value that is not an integer.
    /// </summary>
    /// <exception cref="InvalidOperationException">An incremented key holds a value that is not an integer, or the sum overflows.</exception>
    public void ApplyTo(IDictionary<string, string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        // Computed first, so that a bad value leaves the entries as they were (a save is all or nothing).
        var counters = new List<KeyValuePair<string, string>>(Increments.Count);
        foreach (var (key, delta) in Increments)
        {
            var current = !Cleared && entries.TryGetValue(key, out var stored) ? SessionCounter.Parse(key, stored) : 0;
            counters.Add(KeyValuePair.Create(key, SessionCounter.Add(key, current, delta).ToString(CultureInfo.InvariantCulture)));
        }
        if (Cleared) entries.Clear();
        foreach (var key in Removed) entries.Remove(key);
        foreach (var (key, value) in Set) entries[key] = value;
        foreach (var (key, value) in counters) entries[key] = value;
    }

    /// <summary>
    /// The integer a stored value (the tagged JSON of an integer: plain decimal text) holds, for a store that converts
    /// a counter before its own atomic increment can apply.
    /// </summary>
    /// <exception cref="InvalidOperationException">It holds something else; the message names <paramref name="key"/>.</exception>
    public static long ParseCounter(string key, string stored)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(stored);
        return SessionCounter.Parse(key, stored);
    }
}
