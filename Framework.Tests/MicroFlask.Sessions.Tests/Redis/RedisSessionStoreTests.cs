using MicroFlask.Sessions.Redis;
using MicroFlask.Sessions.ServerSide;
using StackExchange.Redis;

namespace MicroFlask.Sessions.Tests.Redis;

/// <summary>What the Redis store does beyond the contract: one hash per session with its TTL, spread over a cluster.</summary>
[External]
public sealed class RedisSessionStoreTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private string _prefix = "";

    [SetUp]
    public void SetUp() => _prefix = "test:" + Guid.NewGuid().ToString("N")[..12] + ":";

    [Test]
    public async Task ApplyAsync_StoresTheSessionAsOneHash()
    {
        var redis = await RedisTestConnections.SingleAsync();
        var store = new RedisSessionStore(redis);

        await store.ApplyAsync(_prefix + "s1", Set("user", "\"alice\""), Lifetime, CancellationToken.None);

        (await redis.GetDatabase().KeyTypeAsync(_prefix + "s1")).ShouldBe(RedisType.Hash);
    }

    [Test]
    public async Task ApplyAsync_SetsTheTtlOnTheKey()
    {
        var redis = await RedisTestConnections.SingleAsync();
        var store = new RedisSessionStore(redis);

        await store.ApplyAsync(_prefix + "s1", Set("user", "\"alice\""), Lifetime, CancellationToken.None);

        (await redis.GetDatabase().KeyTimeToLiveAsync(_prefix + "s1"))!.Value.ShouldBe(Lifetime, TimeSpan.FromSeconds(5));
    }

    [Test]
    public async Task ApplyAsync_NoChanges_OnlyMovesTheExpiry()
    {
        var redis = await RedisTestConnections.SingleAsync();
        var store = new RedisSessionStore(redis);
        await store.ApplyAsync(_prefix + "s1", Set("user", "\"alice\""), TimeSpan.FromMinutes(1), CancellationToken.None);

        await store.ApplyAsync(_prefix + "s1", SessionChanges.None, Lifetime, CancellationToken.None);

        (await redis.GetDatabase().KeyTimeToLiveAsync(_prefix + "s1"))!.Value.ShouldBe(Lifetime, TimeSpan.FromSeconds(5));
    }

    [Test]
    public async Task ApplyAsync_Cleared_ReplacesEveryField()
    {
        var store = new RedisSessionStore(await RedisTestConnections.SingleAsync());
        await store.ApplyAsync(_prefix + "s1", Set("old", "1"), Lifetime, CancellationToken.None);

        await store.ApplyAsync(_prefix + "s1", new SessionChanges(true, new Dictionary<string, string> { ["new"] = "2" }, []), Lifetime, CancellationToken.None);

        (await store.LoadAsync(_prefix + "s1", CancellationToken.None))!.Keys.ShouldBe(["new"]);
    }

    [Test]
    public async Task ApplyAsync_OnACluster_SpreadsSessionsOverTheNodes()
    {
        var redis = await RedisTestConnections.ClusterAsync();
        var store = new RedisSessionStore(redis);

        for (var i = 0; i < 30; i++) await store.ApplyAsync($"{_prefix}s{i}", Set("k", "1"), Lifetime, CancellationToken.None);

        var nodesHoldingSessions = 0;
        foreach (var server in redis.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var _ in server.KeysAsync(pattern: _prefix + "*"))
            {
                nodesHoldingSessions++;
                break;
            }
        }
        nodesHoldingSessions.ShouldBeGreaterThan(1);
    }

    [Test]
    public void Constructor_ConnectionStringWithoutAServer_Throws() =>
        Should.Throw<ArgumentException>(() => new RedisSessionStore("abortConnect=false"));

    [Test]
    public async Task ToString_NamesRedisAndTheEndpoints()
    {
        await using var store = new RedisSessionStore("127.0.0.1:1");

        store.ToString().ShouldBe("redis 127.0.0.1:1");
    }

    private static SessionChanges Set(string key, string value) =>
        new(false, new Dictionary<string, string> { [key] = value }, []);
}
