using MicroFlask.Sessions.Redis;
using MicroFlask.Sessions.ServerSide;
using StackExchange.Redis;

namespace MicroFlask.Sessions.Tests.Redis;

/// <summary>How the Redis interface is built: directly ("way one") and from SESSION_TYPE "redis".</summary>
[External]
public sealed class RedisSessionInterfaceTests
{
    [Test]
    public void UseSessionStore_TypeRedis_InstallsTheRedisInterface()
    {
        var app = CreateApp("127.0.0.1:1");

        app.UseSessionStore();

        app.SessionInterface.ShouldBeOfType<RedisSessionInterface>();
    }

    [Test]
    public void UseSessionStore_TypeRedis_NamesTheServerInLogs()
    {
        var app = CreateApp("127.0.0.1:1");

        app.UseSessionStore();

        ((RedisSessionInterface)app.SessionInterface).StoreName.ShouldBe("redis 127.0.0.1:1");
    }

    [Test]
    public void UseSessionStore_ClusterList_UsesEveryNode()
    {
        var app = CreateApp("127.0.0.1:1,127.0.0.1:2");

        app.UseSessionStore();

        ((RedisSessionInterface)app.SessionInterface).StoreName.ShouldBe("redis 127.0.0.1:1,127.0.0.1:2");
    }

    [Test]
    public async Task UseSessionStore_AMultiplexer_UsesIt()
    {
        var redis = await RedisTestConnections.SingleAsync();
        var app = CreateApp(redis);

        app.UseSessionStore();

        ((RedisSessionInterface)app.SessionInterface).StoreName.ShouldBe("redis " + TestServers.Redis);
    }

    [Test]
    public void UseSessionStore_PasswordInTheString_IsNotInTheStoreName()
    {
        var app = CreateApp("127.0.0.1:1,password=hunter2");

        app.UseSessionStore();

        ((RedisSessionInterface)app.SessionInterface).StoreName.ShouldNotContain("hunter2");
    }

    [Test]
    public void UseSessionStore_SessionRedisMissing_ThrowsNamingTheKey()
    {
        var app = CreateApp(null);

        Should.Throw<InvalidOperationException>(() => app.UseSessionStore()).Message.ShouldContain("SESSION_REDIS is not set");
    }

    [Test]
    public void UseSessionStore_SessionRedisOfTheWrongType_ThrowsNamingTheKey()
    {
        var app = CreateApp(42L);

        Should.Throw<InvalidOperationException>(() => app.UseSessionStore()).Message.ShouldContain("SESSION_REDIS must be");
    }

    [Test]
    public void UseSessionStore_SessionKeys_BecomeTheOptions()
    {
        var app = CreateApp("127.0.0.1:1");
        app.Config["SESSION_KEY_PREFIX"] = "app1:";
        app.Config["SESSION_USE_SIGNER"] = true;

        app.UseSessionStore();

        ((RedisSessionInterface)app.SessionInterface).Options.ShouldBe(new ServerSideSessionOptions { KeyPrefix = "app1:", UseSigner = true });
    }

    [Test]
    public void Constructor_KeyPrefix_OverridesTheOptionsPrefix()
    {
        var sessions = new RedisSessionInterface("127.0.0.1:1", keyPrefix: "__", options: new ServerSideSessionOptions { KeyPrefix = "other:" });

        sessions.Options.KeyPrefix.ShouldBe("__");
    }

    [Test]
    public async Task UseSessionStore_RedisUrlWithADatabase_StoresSessionsInThatDatabase()
    {
        var redis = await RedisTestConnections.SingleAsync();
        var prefix = "url-db-" + Guid.NewGuid().ToString("N") + ":";
        var app = CreateApp($"redis://{TestServers.Redis}/5");
        app.Config["SESSION_KEY_PREFIX"] = prefix;
        app.UseSessionStore();
        app.Route("/set", () =>
        {
            Session.Current["user"] = "alice";
            return "ok";
        });
        var client = app.TestClient();

        (await client.GetAsync("/set")).StatusCode.ShouldBe(200);

        RedisKey key = prefix + client.GetCookie("session");
        try
        {
            (await redis.GetDatabase(5).KeyExistsAsync(key), await redis.GetDatabase(0).KeyExistsAsync(key)).ShouldBe((true, false));
        }
        finally
        {
            await redis.GetDatabase(5).KeyDeleteAsync(key);
            await app.DisposeAsync();
        }
    }

    private static App CreateApp(object? sessionRedis)
    {
        var app = new App("redis-config-tests") { LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance };
        app.SecretKey = SessionTestApp.SecretKey;
        app.Config["SESSION_TYPE"] = "redis";
        app.Config["SESSION_REDIS"] = sessionRedis;
        return app;
    }
}
