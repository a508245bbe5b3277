using MicroFlask.Sessions.Redis;
using MicroFlask.Sessions.ServerSide;
using MicroFlask.Sessions.Tests.ServerSide;

namespace MicroFlask.Sessions.Tests.Redis;

/// <summary>The store contract against a single Redis node (MICROFLASK_TEST_REDIS).</summary>
[External]
[TestFixture]
public sealed class RedisSessionStoreContractTests : UnreachableStoreContract
{
    protected override bool ServerKeepsTime => true;

    protected override async Task<ISessionStore> CreateStoreAsync(TimeProvider clock) =>
        new RedisSessionStore(await RedisTestConnections.SingleAsync());

    // Port 1 refuses connections: the store starts anyway and each command fails fast.
    protected override Task<ISessionStore> CreateUnreachableStoreAsync(TimeProvider clock) =>
        Task.FromResult<ISessionStore>(new RedisSessionStore("127.0.0.1:1"));

    [Test]
    public async Task Save_IdleTimeout_RedisTtlIsTheIdleTimeout()
    {
        var client = CreateAppWithTimeouts(idle: TimeSpan.FromMinutes(10)).TestClient();
        await client.GetAsync("/set/user/alice");

        var ttl = await (await RedisTestConnections.SingleAsync()).GetDatabase().KeyTimeToLiveAsync(KeyPrefix + client.GetCookie("session"));

        ttl!.Value.ShouldBe(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(5));
    }

    protected override ServerSideSessionInterface CreateInterface(ISessionStore store, ServerSideSessionOptions options) =>
        new RedisSessionInterface((RedisSessionStore)store, options: options);

    [Test]
    public async Task UserSessions_Login_PutsTheSessionInTheUsersSetThatOutlivesIt()
    {
        var client = await LoggedInAsync(CreateUserApp(), "alice");
        var redis = await RedisTestConnections.SingleAsync();
        var userKey = await redis.GetServer(redis.GetEndPoints()[0]).KeysAsync(pattern: KeyPrefix + "u:*").SingleAsync();

        var members = (await redis.GetDatabase().SetMembersAsync(userKey)).Select(m => m.ToString());
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(userKey);

        (members.Single(), ttl > TimeSpan.FromDays(31)).ShouldBe((KeyPrefix + client.GetCookie("session"), true));
    }
}
