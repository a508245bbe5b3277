using System.Text.Json;
using MicroFlask.Sessions.Json;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// How a server-side session is laid out in its store: one entry per session key, the value as Flask's tagged JSON
/// (never a binary formatter: a writable store must not mean code execution), plus the entry
/// <see cref="VersionKey"/> holding <see cref="Version"/>, so that the layout can change later and old entries
/// are still recognised.
/// </summary>
internal static class SessionFormat
{
    /// <summary>The entry that holds the format version. A user key of this name is refused.</summary>
    internal const string VersionKey = "_format";

    /// <summary>Version 1: one entry per key, tagged JSON values.</summary>
    internal const string Version = "1";

    /// <summary>Flask's key for <see cref="ISession.Permanent"/>.</summary>
    internal const string PermanentKey = "_permanent";

    internal static string Serialize(object? value) => TaggedJsonSerializer.Default.Dumps(value);

    /// <summary>
    /// Reads stored entries back into session values. False when they carry a format this version cannot read
    /// (written by a newer release); a key whose value cannot be read is skipped and reported in <paramref name="unreadable"/>.
    /// </summary>
    internal static bool TryDeserialize(
        IReadOnlyDictionary<string, string> entries,
        out Dictionary<string, object?> data,
        out List<string> unreadable)
    {
        data = new Dictionary<string, object?>(entries.Count, StringComparer.Ordinal);
        unreadable = new List<string>();
        // An entry without a version was made by a refresh racing an expiry; its keys are still version 1.
        if (entries.TryGetValue(VersionKey, out var version) && version != Version) return false;
        foreach (var (key, json) in entries)
        {
            if (key == VersionKey) continue;
            try
            {
                data[key] = TaggedJsonSerializer.Default.Loads(json);
            }
            catch (Exception e) when (e is JsonException or FormatException or NotSupportedException)
            {
                unreadable.Add(key);
            }
        }
        return true;
    }
}
