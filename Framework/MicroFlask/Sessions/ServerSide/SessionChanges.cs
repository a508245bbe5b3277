namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// What one request did to a session: optionally cleared it first, then set and removed keys.
/// Saving a whole session is the special case "cleared, then set every key".
/// </summary>
public sealed class SessionChanges
{
    /// <summary>Creates a change set.</summary>
    public SessionChanges(bool cleared, IReadOnlyDictionary<string, string> set, IReadOnlyCollection<string> removed)
    {
        Cleared = cleared;
        Set = set;
        Removed = removed;
    }

    /// <summary>No change: a save with it only refreshes the expiry.</summary>
    public static SessionChanges None { get; } = new(false, new Dictionary<string, string>(), Array.Empty<string>());

    /// <summary>Whether every stored key is dropped before <see cref="Set"/> is applied.</summary>
    public bool Cleared { get; }

    /// <summary>Keys to write, with their serialized values.</summary>
    public IReadOnlyDictionary<string, string> Set { get; }

    /// <summary>Keys to delete (never also in <see cref="Set"/>).</summary>
    public IReadOnlyCollection<string> Removed { get; }

    /// <summary>Whether applying this changes no data.</summary>
    public bool IsEmpty => !Cleared && Set.Count == 0 && Removed.Count == 0;
}
