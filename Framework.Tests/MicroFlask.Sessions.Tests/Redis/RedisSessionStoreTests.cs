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
    public async Task ApplyAsync_SetsOnly_OneScriptCallMergesThemAndRenewsTheTtl()
    {
        // A server of its own, whose command counts no other test moves.
        await using var server = await DedicatedRedisServer.StartAsync();
        await using var store = new RedisSessionStore(server.Configuration);
        await store.ApplyAsync("s1", Set("kept", "1"), TimeSpan.FromSeconds(30), CancellationToken.None);

        await store.ApplyAsync("s1", new SessionChanges(false, new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, []), Lifetime, CancellationToken.None);

        var stats = await server.CliAsync("info", "commandstats");
        stats.ShouldNotContain("cmdstat_exec");
        stats.ShouldContain("cmdstat_hset:calls=2,");
        long.Parse((await server.CliAsync("pttl", "s1")).Trim(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan((long)TimeSpan.FromSeconds(30).TotalMilliseconds);
        (await store.LoadAsync("s1", CancellationToken.None))!.OrderBy(e => e.Key).ShouldBe(
            [KeyValuePair.Create("a", "1"), KeyValuePair.Create("b", "2"), KeyValuePair.Create("kept", "1")]);
    }

    [Test]
    public async Task ApplyAsync_SetsAndRemovals_RemoveTheFieldsAndKeepTheOthers()
    {
        var redis = await RedisTestConnections.SingleAsync();
        var store = new RedisSessionStore(redis);
        await store.ApplyAsync(_prefix + "s1", new SessionChanges(false, new Dictionary<string, string> { ["gone"] = "1", ["kept"] = "2" }, []), Lifetime, CancellationToken.None);

        await store.ApplyAsync(_prefix + "s1", new SessionChanges(false, new Dictionary<string, string> { ["a"] = "1" }, ["gone"]), Lifetime, CancellationToken.None);

        (await store.LoadAsync(_prefix + "s1", CancellationToken.None))!.OrderBy(e => e.Key).ShouldBe(
            [KeyValuePair.Create("a", "1"), KeyValuePair.Create("kept", "2")]);
    }

    [Test]
    public async Task ApplyAsync_MoreFieldsThanTheShortScriptTakes_AreAllSet()
    {
        var redis = await RedisTestConnections.SingleAsync();
        var store = new RedisSessionStore(redis);
        var fields = Enumerable.Range(0, 5000).ToDictionary(i => "k" + i, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await store.ApplyAsync(_prefix + "big", new SessionChanges(false, fields, []), Lifetime, CancellationToken.None);

        (await store.LoadAsync(_prefix + "big", CancellationToken.None))!.Count.ShouldBe(5000);
    }

    [Test]
    public async Task ApplyAsync_WithACounter_AppliesSetsRemovalsAndTheDeltaWithTheTtl()
    {
        var redis = await RedisTestConnections.SingleAsync();
        var store = new RedisSessionStore(redis);
        await store.ApplyAsync(_prefix + "s1", new SessionChanges(false, new Dictionary<string, string> { ["n"] = "40", ["gone"] = "1" }, []), TimeSpan.FromMinutes(1), CancellationToken.None);

        await store.ApplyAsync(_prefix + "s1", new SessionChanges(false, new Dictionary<string, string> { ["a"] = "\"x\"" }, ["gone"],
            new Dictionary<string, long> { ["n"] = 2 }), Lifetime, CancellationToken.None);

        (await store.LoadAsync(_prefix + "s1", CancellationToken.None))!.OrderBy(e => e.Key).ShouldBe(
            [KeyValuePair.Create("a", "\"x\""), KeyValuePair.Create("n", "42")]);
        (await redis.GetDatabase().KeyTimeToLiveAsync(_prefix + "s1"))!.Value.ShouldBe(Lifetime, TimeSpan.FromSeconds(5));
    }

    [Test]
    public async Task ApplyAsync_ClearedWithRemovals_KeepsOnlyTheNewFieldsAndTheTtl()
    {
        var redis = await RedisTestConnections.SingleAsync();
        var store = new RedisSessionStore(redis);
        await store.ApplyAsync(_prefix + "s1", Set("old", "1"), TimeSpan.FromMinutes(1), CancellationToken.None);

        await store.ApplyAsync(_prefix + "s1", new SessionChanges(true, new Dictionary<string, string> { ["new"] = "2" }, ["other"]), Lifetime, CancellationToken.None);

        (await store.LoadAsync(_prefix + "s1", CancellationToken.None))!.Keys.ShouldBe(["new"]);
        (await redis.GetDatabase().KeyTimeToLiveAsync(_prefix + "s1"))!.Value.ShouldBe(Lifetime, TimeSpan.FromSeconds(5));
    }

    [Test]
    public async Task ApplyAsync_LifetimeAlreadyOver_DeletesTheSession()
    {
        var store = new RedisSessionStore(await RedisTestConnections.SingleAsync());
        await store.ApplyAsync(_prefix + "s1", Set("user", "1"), Lifetime, CancellationToken.None);

        await store.ApplyAsync(_prefix + "s1", Set("user", "2"), TimeSpan.Zero, CancellationToken.None);

        (await store.LoadAsync(_prefix + "s1", CancellationToken.None)).ShouldBeNull();
    }

    [Test]
    public async Task ApplyAsync_ConcurrentSavesOfDifferentKeys_KeepBoth()
    {
        var store = new RedisSessionStore(await RedisTestConnections.SingleAsync());

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            store.ApplyAsync(_prefix + "s1", Set("k" + i, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Lifetime, CancellationToken.None).AsTask()));

        (await store.LoadAsync(_prefix + "s1", CancellationToken.None))!.Count.ShouldBe(20);
    }

    [Test]
    public async Task ApplyAsync_KeyThatIsNotAHash_FailsTheSave()
    {
        var redis = await RedisTestConnections.SingleAsync();
        var store = new RedisSessionStore(redis);
        await redis.GetDatabase().StringSetAsync(_prefix + "s1", "not a session", Lifetime);

        var error = await Should.ThrowAsync<RedisServerException>(store.ApplyAsync(_prefix + "s1", Set("user", "1"), Lifetime, CancellationToken.None).AsTask());

        error.Message.ShouldContain("WRONGTYPE");
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
