using System.Globalization;
using System.Numerics;

namespace MicroFlask.Sessions;

/// <summary>The integer arithmetic of <see cref="ISession.Increment"/>, shared by every session and every in-process merge.</summary>
internal static class SessionCounter
{
    /// <summary>The integer a session value holds (any integer type; what the tagged JSON reads back is a long).</summary>
    /// <exception cref="InvalidOperationException">It holds something else (a string, a float, a bool...).</exception>
    internal static long ToLong(string key, object? value) => value switch
    {
        long l => l,
        int or short or sbyte or byte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong u when u <= long.MaxValue => (long)u,
        BigInteger b when b >= long.MinValue && b <= long.MaxValue => (long)b,
        null => throw NotACounter(key, "null"),
        _ => throw NotACounter(key, "a " + value.GetType().Name),
    };

    /// <summary>The integer a stored value (tagged JSON text) holds.</summary>
    /// <exception cref="InvalidOperationException">It holds something else.</exception>
    internal static long Parse(string key, string stored) =>
        long.TryParse(stored, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw NotACounter(key, "the stored value " + (stored.Length > 40 ? stored[..40] + "…" : stored));

    /// <summary><paramref name="current"/> + <paramref name="delta"/>, an overflow being an error that names the key.</summary>
    internal static long Add(string key, long current, long delta)
    {
        try
        {
            return checked(current + delta);
        }
        catch (OverflowException e)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Incrementing session key '{key}' ({current}) by {delta} overflows a 64-bit integer."), e);
        }
    }

    /// <summary>The error for an increment of a key that holds no integer.</summary>
    internal static InvalidOperationException NotACounter(string key, string what) => new(
        $"Session key '{key}' holds {what}, not an integer: Increment and Decrement need an integer value (or none, which counts as 0). " +
        "Set it to a number, or count under another key.");
}
