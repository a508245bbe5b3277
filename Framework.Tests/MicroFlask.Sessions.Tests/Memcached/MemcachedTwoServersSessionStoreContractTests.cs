using MicroFlask.Sessions.Memcached;
using MicroFlask.Sessions.ServerSide;
using MicroFlask.Sessions.Tests.ServerSide;

namespace MicroFlask.Sessions.Tests.Memcached;

/// <summary>The store contract against two memcached servers at once (MICROFLASK_TEST_MEMCACHED and MICROFLASK_TEST_MEMCACHED2), spread by consistent hashing.</summary>
[External]
[TestFixture]
public sealed class MemcachedTwoServersSessionStoreContractTests : UnreachableStoreContract
{
    protected override bool ServerKeepsTime => true;

    protected override async Task<ISessionStore> CreateStoreAsync(TimeProvider clock)
    {
        foreach (var server in new[] { TestServers.Memcached, TestServers.Memcached2 })
        {
            using var probe = new MemcachedClient(server);
            await Prerequisite.RequireAsync($"memcached {server} (MICROFLASK_TEST_MEMCACHED, MICROFLASK_TEST_MEMCACHED2)",
                async () => await probe.VersionAsync());
        }
        return new MemcachedSessionStore(TestServers.Memcached + "," + TestServers.Memcached2);
    }

    protected override Task<ISessionStore> CreateUnreachableStoreAsync(TimeProvider clock) =>
        Task.FromResult<ISessionStore>(new MemcachedSessionStore("127.0.0.1:1,127.0.0.1:2"));

    protected override ServerSideSessionInterface CreateInterface(ISessionStore store, ServerSideSessionOptions options) =>
        new MemcachedSessionInterface((MemcachedSessionStore)store, options: options);
}
