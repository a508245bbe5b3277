namespace MicroFlask.Sessions;

/// <summary>
/// SESSION_IDLE_TIMEOUT and SESSION_ABSOLUTE_TIMEOUT, applied the same way by every session interface. The times
/// travel with the session as plain keys holding Unix seconds, so that a Flask app reading the cookie sees an int
/// and writes it back unchanged: <see cref="CreatedKey"/> (when the absolute timeout started) and, in server-side
/// stores, <see cref="SeenKey"/> (the last use). The cookie needs no last-use key: its signature (or encryption)
/// timestamp is the time it was last issued, and with an idle timeout it is issued on every request.
/// </summary>
/// <param name="Idle">How long an unused session lives; null: no idle timeout.</param>
/// <param name="Absolute">How long a session lives after its creation or <see cref="SessionInterface.Regenerate"/>; null: no limit.</param>
internal readonly record struct SessionTimeouts(TimeSpan? Idle, TimeSpan? Absolute)
{
    /// <summary>Unix seconds of the session's creation or last regeneration.</summary>
    internal const string CreatedKey = "_created";

    /// <summary>Unix seconds of the session's last use (server-side stores only).</summary>
    internal const string SeenKey = "_seen";

    // A save must give the store some life: an entry whose absolute end passed during the request is gone on the next open anyway.
    private static readonly TimeSpan MinimumTimeToLive = TimeSpan.FromSeconds(1);

    /// <summary>The timeouts configured on <paramref name="app"/>, parsed once per config change rather than on every request.</summary>
    internal static SessionTimeouts Of(App app) => app.SessionTimeouts;

    /// <summary>The timeouts <paramref name="config"/> holds (it refuses a value that is not a positive duration).</summary>
    internal static SessionTimeouts Read(Config config) =>
        new(config.GetTimeSpan("SESSION_IDLE_TIMEOUT"), config.GetTimeSpan("SESSION_ABSOLUTE_TIMEOUT"));

    /// <summary>The oldest issued cookie accepted: PERMANENT_SESSION_LIFETIME (as Flask), or the idle timeout when shorter.</summary>
    internal TimeSpan MaxCookieAge(TimeSpan lifetime) => Idle is { } idle && idle < lifetime ? idle : lifetime;

    /// <summary>Whether a session holding <paramref name="data"/> has outlived a timeout (the idle one by <see cref="SeenKey"/>).</summary>
    /// <remarks>
    /// A stamp that is not a number is expired: a session of unknown age is not trusted. A stamp in the future (another
    /// server's clock runs ahead) is not: the client cannot write these keys, so it can only be clock skew.
    /// </remarks>
    internal bool HasExpired(IReadOnlyDictionary<string, object?> data, DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds();
        return (Absolute is { } absolute && data.TryGetValue(CreatedKey, out var created) && IsPast(created, absolute, seconds))
            || (Idle is { } idle && data.TryGetValue(SeenKey, out var seen) && IsPast(seen, idle, seconds));
    }

    /// <summary>Whether the save must send the cookie (and refresh the store) even though nothing changed.</summary>
    /// <remarks>
    /// With an idle timeout, every request that brings a session uses it and moves its end. With an absolute timeout, a
    /// session from before the timeout was configured gets its start stamped now.
    /// </remarks>
    internal bool RequireSave(ISession session, IReadOnlyDictionary<string, object?> data) =>
        (Idle is not null && !session.New) || (Absolute is not null && !data.ContainsKey(CreatedKey));

    /// <summary>
    /// Stamps <paramref name="session"/> before a save: its creation when the absolute timeout has no start yet (a new
    /// session, or one that <see cref="SessionInterface.Regenerate"/> or <c>Clear()</c> started over), and its last
    /// use when <paramref name="trackUse"/> (server-side stores).
    /// </summary>
    internal void Stamp(ISession session, IReadOnlyDictionary<string, object?> data, DateTimeOffset now, bool trackUse)
    {
        var seconds = now.ToUnixTimeSeconds();
        if (Absolute is not null && !data.ContainsKey(CreatedKey)) session[CreatedKey] = seconds;
        if (trackUse && Idle is not null) session[SeenKey] = seconds;
    }

    /// <summary>How long the saved session may live: the least of <paramref name="lifetime"/>, the idle timeout and what is left of the absolute one.</summary>
    internal TimeSpan TimeToLive(TimeSpan lifetime, IReadOnlyDictionary<string, object?> data, DateTimeOffset now)
    {
        var timeToLive = MaxCookieAge(lifetime);
        if (Absolute is { } absolute && data.TryGetValue(CreatedKey, out var created) && TryGetSeconds(created, out var start))
        {
            var left = DateTimeOffset.FromUnixTimeSeconds(start) + absolute - now;
            if (left < timeToLive) timeToLive = left;
        }
        return timeToLive < MinimumTimeToLive ? MinimumTimeToLive : timeToLive;
    }

    /// <summary>Whether nothing but timeout stamps (and <c>_permanent</c> when <paramref name="permanentIsEmpty"/>) is left.</summary>
    internal static bool HoldsOnlyStamps(IReadOnlyDictionary<string, object?> data, bool permanentIsEmpty)
    {
        // An empty session (most requests that never use theirs) asks for no key collection and no enumerator.
        if (data.Count == 0) return true;
        foreach (var key in data.Keys)
        {
            if (key is not (CreatedKey or SeenKey) && !(permanentIsEmpty && key == "_permanent")) return false;
        }
        return true;
    }

    // Whole seconds, as itsdangerous compares a cookie's age with max_age.
    private static bool IsPast(object? stamp, TimeSpan limit, long now) =>
        !TryGetSeconds(stamp, out var start) || now - start > (long)limit.TotalSeconds;

    private static bool TryGetSeconds(object? stamp, out long seconds)
    {
        switch (stamp)
        {
            case long value:
                seconds = value;
                return true;
            case int value:
                seconds = value;
                return true;
            // A Flask app may write the stamp back as a float (time.time()).
            case double value when double.IsFinite(value) && Math.Abs(value) < 1e15:
                seconds = (long)Math.Floor(value);
                return true;
            default:
                seconds = 0;
                return false;
        }
    }
}
