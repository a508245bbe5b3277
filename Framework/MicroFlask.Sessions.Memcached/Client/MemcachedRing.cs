using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace MicroFlask.Sessions.Memcached;

/// <summary>
/// Consistent hashing over several memcached servers, in the manner of ketama: each server stands at
/// <see cref="PointsPerServer"/> points of a 32-bit circle (MD5 of its address and a number), and a key belongs to
/// the first server point at or after the key's own hash. Adding or removing a server moves only the keys of the
/// arcs it gains or loses, about 1/n of them, instead of nearly all of them as <c>hash % n</c> would.
/// </summary>
/// <remarks>
/// The points depend only on the servers' addresses, never on their order in SESSION_MEMCACHED, so every process of
/// an app, however it lists them, sends a key to the same server. A server that is down keeps its arcs: its keys fail
/// (a 503) rather than move to another server, where a later recovery would leave two diverging copies.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "MD5 spreads keys over the ring, as ketama's; nothing relies on it being hard to invert.")]
internal sealed class MemcachedRing<T>
{
    /// <summary>160 points a server, as ketama: enough for an even spread of keys between a few servers.</summary>
    internal const int PointsPerServer = 160;

    private readonly uint[] _points;
    private readonly T[] _owners;

    /// <param name="servers">Each server's address ("host:port") and what a key on it is sent to.</param>
    internal MemcachedRing(IReadOnlyList<(string Address, T Server)> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        if (servers.Count == 0) throw new ArgumentException("A ring needs at least one server.", nameof(servers));
        var points = new List<(uint Point, string Address, T Server)>(servers.Count * PointsPerServer);
        Span<byte> digest = stackalloc byte[MD5.HashSizeInBytes];
        foreach (var (address, server) in servers)
        {
            // Four 32-bit points from each 16-byte digest, as ketama takes them.
            for (var group = 0; group < PointsPerServer / 4; group++)
            {
                MD5.HashData(Encoding.UTF8.GetBytes(address + "-" + group.ToString(System.Globalization.CultureInfo.InvariantCulture)), digest);
                for (var i = 0; i < 4; i++) points.Add((BinaryPrimitives.ReadUInt32LittleEndian(digest[(i * 4)..]), address, server));
            }
        }
        // Ties (two servers on one point) go to the smaller address, so that the order given never matters.
        points.Sort((a, b) => a.Point != b.Point ? a.Point.CompareTo(b.Point) : string.CompareOrdinal(a.Address, b.Address));
        _points = points.Select(p => p.Point).ToArray();
        _owners = points.Select(p => p.Server).ToArray();
    }

    /// <summary>The server that holds <paramref name="key"/>.</summary>
    internal T ServerFor(string key)
    {
        if (_owners.Length == PointsPerServer) return _owners[0];
        var hash = Hash(key);
        var index = Array.BinarySearch(_points, hash);
        if (index < 0) index = ~index;
        // Past the last point, the circle starts again at the first.
        return _owners[index == _points.Length ? 0 : index];
    }

    private static uint Hash(string key)
    {
        Span<byte> digest = stackalloc byte[MD5.HashSizeInBytes];
        var length = Encoding.UTF8.GetByteCount(key);
        var bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(key, bytes);
        MD5.HashData(bytes, digest);
        return BinaryPrimitives.ReadUInt32LittleEndian(digest);
    }
}
