namespace MicroFlask.Sessions.Memcached;

/// <summary>
/// Turns an expiry into memcached's <c>exptime</c>: 0 means never; up to 30 days it is a number of
/// seconds from now; anything larger the server reads as an absolute unix time, so a longer TTL
/// must be sent as now + TTL.
/// </summary>
internal static class MemcachedExpiration
{
    /// <summary>30 days: memcached's largest relative exptime.</summary>
    public const long MaxRelativeSeconds = 60 * 60 * 24 * 30;

    public static long ToExptime(TimeSpan? expiry, DateTimeOffset now)
    {
        if (expiry is null)
        {
            return 0;
        }

        var value = expiry.Value;
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(expiry), value, "An expiry must be positive; pass null for an item that never expires.");
        }

        // Rounded up: 0 would mean "never", and a TTL should not end before it was asked to.
        var seconds = (long)Math.Ceiling(value.TotalSeconds);
        if (seconds <= MaxRelativeSeconds)
        {
            return seconds;
        }

        var absolute = now.ToUnixTimeSeconds() + seconds;
        if (absolute > int.MaxValue)
        {
            // memcached keeps exptime in 32 bits.
            throw new ArgumentOutOfRangeException(nameof(expiry), value, "The expiry reaches past 2038, beyond memcached's exptime.");
        }

        return absolute;
    }
}
