namespace MicroFlask.Sessions.Memcached;

/// <summary>A value read with <see cref="MemcachedClient.GetsAsync"/>, with the CAS token to write it back.</summary>
/// <param name="Value">The stored bytes.</param>
/// <param name="Cas">The item's version; pass it to <see cref="MemcachedClient.CasAsync"/>.</param>
internal sealed record MemcachedItem(byte[] Value, ulong Cas);
