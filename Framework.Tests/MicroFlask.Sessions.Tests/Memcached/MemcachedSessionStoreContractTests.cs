using MicroFlask.Sessions.Memcached;
using MicroFlask.Sessions.ServerSide;
using MicroFlask.Sessions.Tests.ServerSide;

namespace MicroFlask.Sessions.Tests.Memcached;

/// <summary>The store contract against memcached (MICROFLASK_TEST_MEMCACHED).</summary>
[External]
[TestFixture]
public sealed class MemcachedSessionStoreContractTests : UnreachableStoreContract
{
    protected override bool ServerKeepsTime => true;

    protected override async Task<ISessionStore> CreateStoreAsync(TimeProvider clock)
    {
        var store = new MemcachedSessionStore(TestServers.Memcached);
        // Any command proves the server answers; a missing item is fine.
        await Prerequisite.RequireAsync("memcached (MICROFLASK_TEST_MEMCACHED) " + TestServers.Memcached,
            async () => await store.LoadAsync("test:probe", CancellationToken.None));
        return store;
    }

    protected override Task<ISessionStore> CreateUnreachableStoreAsync(TimeProvider clock) =>
        Task.FromResult<ISessionStore>(new MemcachedSessionStore("127.0.0.1:1"));

    protected override ServerSideSessionInterface CreateInterface(ISessionStore store, ServerSideSessionOptions options) =>
        new MemcachedSessionInterface((MemcachedSessionStore)store, options: options);
}
