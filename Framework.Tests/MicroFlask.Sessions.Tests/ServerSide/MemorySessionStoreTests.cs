using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.Tests.ServerSide;

public class MemorySessionStoreTests : SessionStoreContract
{
    protected override Task<ISessionStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<ISessionStore>(new MemorySessionStore(clock));
}
