using System.Security.Cryptography;

namespace MicroFlask.Signing;

/// <summary>
/// Keyed HMAC instances for one key, reused across calls: setting up the key costs about as much as hashing a
/// whole session cookie, and every request with a cookie verifies one. Lock-free; an instance is used by one
/// thread at a time, and a burst beyond the pool's size just creates (and later drops) extra instances.
/// </summary>
internal sealed class HmacPool(HashAlgorithmName digest, byte[] key)
{
    private readonly IncrementalHash?[] _slots = new IncrementalHash?[Math.Clamp(Environment.ProcessorCount, 2, 32)];

    /// <summary>Writes HMAC(key, <paramref name="data"/>) to <paramref name="destination"/>; returns its length.</summary>
    public int Compute(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hmac = Rent();
        int written;
        try
        {
            hmac.AppendData(data);
            written = hmac.GetHashAndReset(destination);
        }
        catch
        {
            // Its state is unknown: do not hand it to the next caller.
            hmac.Dispose();
            throw;
        }

        Return(hmac);
        return written;
    }

    private IncrementalHash Rent()
    {
        var start = Environment.CurrentManagedThreadId;
        for (var i = 0; i < _slots.Length; i++)
        {
            var taken = Interlocked.Exchange(ref _slots[(start + i) % _slots.Length], null);
            if (taken is not null)
            {
                return taken;
            }
        }

        return IncrementalHash.CreateHMAC(digest, key);
    }

    private void Return(IncrementalHash hmac)
    {
        var start = Environment.CurrentManagedThreadId;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _slots[(start + i) % _slots.Length], hmac, null) is null)
            {
                return;
            }
        }

        hmac.Dispose();
    }
}
