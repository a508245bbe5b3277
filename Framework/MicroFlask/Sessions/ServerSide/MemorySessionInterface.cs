namespace MicroFlask.Sessions.ServerSide;

/// <summary>Server-side sessions in this process's memory (SESSION_TYPE "memory"): <c>app.SessionInterface = new MemorySessionInterface();</c></summary>
public sealed class MemorySessionInterface : ServerSideSessionInterface
{
    /// <summary>
    /// Sessions in a new <see cref="MemorySessionStore"/> timed by <paramref name="timeProvider"/>, holding at most
    /// <paramref name="maxEntries"/> (SESSION_MEMORY_MAX_ENTRIES, 100,000).
    /// </summary>
    public MemorySessionInterface(ServerSideSessionOptions? options = null, TimeProvider? timeProvider = null, int maxEntries = MemorySessionStore.DefaultMaxEntries)
        : base(new MemorySessionStore(timeProvider) { MaxEntries = maxEntries }, options)
    {
    }
}
