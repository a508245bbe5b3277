using MicroFlask.Sessions.Redis;
using MicroFlask.Sessions.ServerSide;
using MicroFlask.Sessions.Tests.ServerSide;

namespace MicroFlask.Sessions.Tests.Redis;

/// <summary>The store contract against a 3-node Redis Cluster (MICROFLASK_TEST_REDIS_CLUSTER).</summary>
[External]
[TestFixture]
public sealed class RedisClusterSessionStoreContractTests : SessionStoreContract
{
    protected override bool ServerKeepsTime => true;

    protected override async Task<ISessionStore> CreateStoreAsync(TimeProvider clock) =>
        new RedisSessionStore(await RedisTestConnections.ClusterAsync());

    protected override ServerSideSessionInterface CreateInterface(ISessionStore store, ServerSideSessionOptions options) =>
        new RedisSessionInterface((RedisSessionStore)store, options: options);
}
