namespace MicroFlask.Sessions.ServerSide;

/// <summary>Server-side sessions in this process's memory (SESSION_TYPE "memory"): <c>app.SessionInterface = new MemorySessionInterface();</c></summary>
public sealed class MemorySessionInterface : ServerSideSessionInterface
{
    /// <summary>Sessions in a new <see cref="MemorySessionStore"/> timed by <paramref name="timeProvider"/>.</summary>
    public MemorySessionInterface(ServerSideSessionOptions? options = null, TimeProvider? timeProvider = null)
        : base(new MemorySessionStore(timeProvider), options)
    {
    }
}
