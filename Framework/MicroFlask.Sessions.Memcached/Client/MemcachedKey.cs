using System.Text;

namespace MicroFlask.Sessions.Memcached;

/// <summary>Checks and encodes keys for the text protocol, where a key is one space-free token.</summary>
internal static class MemcachedKey
{
    /// <summary>memcached's limit on a key's length, in bytes.</summary>
    public const int MaxLength = 250;

    /// <summary>Returns the key's UTF-8 bytes, or throws <see cref="ArgumentException"/> if memcached would reject it.</summary>
    public static byte[] Encode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = Encoding.UTF8.GetBytes(key);
        if (bytes.Length is 0 or > MaxLength)
        {
            throw new ArgumentException(
                $"A memcached key must be 1 to {MaxLength} bytes long (UTF-8); this one is {bytes.Length}.", nameof(key));
        }

        foreach (var b in bytes)
        {
            // A space would split the command line, a CR/LF would end it: both would let a key inject commands.
            if (b <= 0x20 || b == 0x7F)
            {
                throw new ArgumentException(
                    $"A memcached key may not contain spaces or control characters (found 0x{b:X2}).", nameof(key));
            }
        }

        return bytes;
    }
}
