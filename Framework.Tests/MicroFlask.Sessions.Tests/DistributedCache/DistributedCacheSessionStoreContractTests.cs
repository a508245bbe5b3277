using MicroFlask.Sessions.ServerSide;
using MicroFlask.Sessions.Tests.ServerSide;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MicroFlask.Sessions.Tests.DistributedCache;

/// <summary>
/// The store contract on the in-memory <see cref="MemoryDistributedCache"/>. The store checks expiry on the app's
/// clock, so the TTL tests use the fake clock. Last-write-wins: the concurrent-merge tests are not generated.
/// </summary>
[TestFixture]
[LastWriteWins]
public sealed class MemoryDistributedCacheSessionStoreContractTests : SessionStoreContract
{
    protected override Task<ISessionStore> CreateStoreAsync(TimeProvider clock) =>
        Task.FromResult<ISessionStore>(new DistributedCacheSessionStore(
            new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())), clock));
}

/// <summary>
/// The store contract on Microsoft.Extensions.Caching.StackExchangeRedis's <see cref="RedisCache"/> against the shared
/// redis-server. Redis keeps the time, so the TTL tests wait for the cache's own expiry. Last-write-wins.
/// </summary>
[External]
[TestFixture]
[LastWriteWins]
public sealed class RedisDistributedCacheSessionStoreContractTests : UnreachableStoreContract
{
    protected override bool ServerKeepsTime => true;

    protected override async Task<ISessionStore> CreateStoreAsync(TimeProvider clock)
    {
        await Prerequisite.RequireServerAsync("redis", "MICROFLASK_TEST_REDIS", "127.0.0.1:6379");
        // Its own instance name, on top of each test's key prefix: nothing meets the Redis store's own keys.
        return new DistributedCacheSessionStore(CreateCache(TestServers.Redis, connectTimeoutMs: 3000), clock);
    }

    protected override Task<ISessionStore> CreateUnreachableStoreAsync(TimeProvider clock) =>
        Task.FromResult<ISessionStore>(new DistributedCacheSessionStore(CreateCache("127.0.0.1:1", connectTimeoutMs: 500), clock));

    private static RedisCache CreateCache(string server, int connectTimeoutMs)
    {
        var configuration = ConfigurationOptions.Parse(server);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = connectTimeoutMs;
        configuration.SyncTimeout = connectTimeoutMs;
        configuration.AsyncTimeout = connectTimeoutMs;
        return new RedisCache(Options.Create(new RedisCacheOptions { ConfigurationOptions = configuration, InstanceName = "microflask-dc-tests:" }));
    }
}
