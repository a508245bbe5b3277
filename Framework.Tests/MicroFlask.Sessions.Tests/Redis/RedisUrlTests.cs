using MicroFlask.Sessions.Redis;
using StackExchange.Redis;

namespace MicroFlask.Sessions.Tests.Redis;

/// <summary>SESSION_REDIS as the redis:// and rediss:// URLs Flask-Session users pass to <c>redis.from_url</c>.</summary>
public sealed class RedisUrlTests
{
    [Test]
    public void Create_RedisUrl_ReadsHostPortAndDatabase()
    {
        var options = RedisConnectionOptions.Create("redis://cache.example:6380/3");

        (EndPointCollection.ToString(options.EndPoints[0]), options.DefaultDatabase, options.Ssl).ShouldBe(("cache.example:6380", (int?)3, false));
    }

    [Test]
    public void Create_RedisUrlWithoutPortOrDatabase_UsesRedisDefaults()
    {
        var options = RedisConnectionOptions.Create("redis://127.0.0.1");

        (EndPointCollection.ToString(options.EndPoints[0]), options.DefaultDatabase).ShouldBe(("127.0.0.1:6379", (int?)null));
    }

    [Test]
    public void Create_UserAndPassword_BecomeTheCredentials()
    {
        var options = RedisConnectionOptions.Create("redis://alice:p%40ss@127.0.0.1:6379/0");

        (options.User, options.Password).ShouldBe(("alice", "p@ss"));
    }

    [Test]
    public void Create_PasswordWithoutUser_IsThePassword()
    {
        var options = RedisConnectionOptions.Create("redis://:secret@127.0.0.1:6379");

        (options.User, options.Password).ShouldBe(((string?)null, "secret"));
    }

    [Test]
    public void Create_Rediss_TurnsOnTls()
    {
        var options = RedisConnectionOptions.Create("rediss://cache.example:6380");

        (options.Ssl, options.SslHost).ShouldBe((true, "cache.example"));
    }

    [Test]
    public void Create_DbQueryParameter_IsTheDatabase()
    {
        RedisConnectionOptions.Create("redis://127.0.0.1:6379?db=4").DefaultDatabase.ShouldBe(4);
    }

    [Test]
    public void Create_RedisUrl_KeepsTheStoreTimeouts()
    {
        var options = RedisConnectionOptions.Create("redis://127.0.0.1:6379/1", TimeSpan.FromMilliseconds(700));

        (options.AbortOnConnectFail, options.SyncTimeout, options.ConnectTimeout).ShouldBe((false, 700, 700));
    }

    [TestCase("unix:///tmp/redis.sock", "scheme \"unix\"")]
    [TestCase("redis://127.0.0.1:6379/zero", "not a database number")]
    [TestCase("redis://127.0.0.1:6379?socket_timeout=5", "\"socket_timeout\" is not supported")]
    [TestCase("redis://:secret@127.0.0.1:99999", "not a well-formed URL")]
    public void Create_UnreadableUrl_ThrowsNamingTheKeyAndTheForms(string url, string reason)
    {
        var message = Should.Throw<InvalidOperationException>(() => RedisConnectionOptions.Create(url)).Message;

        message.ShouldSatisfyAllConditions(
            () => message.ShouldStartWith("SESSION_REDIS"),
            () => message.ShouldContain(reason),
            () => message.ShouldContain("redis://[[user]:password@]host[:port][/db]"),
            () => message.ShouldNotContain("secret"));
    }

    [Test]
    public void UseSessionStore_UnreadableUrl_FailsAtStartUp()
    {
        var app = new App("redis-url-tests") { LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance };
        app.SecretKey = SessionTestApp.SecretKey;
        app.Config["SESSION_TYPE"] = "redis";
        app.Config["SESSION_REDIS"] = "redis://127.0.0.1:6379/notanumber";

        Should.Throw<InvalidOperationException>(app.UseSessionStore).Message.ShouldStartWith("SESSION_REDIS is not a Redis URL");
    }
}
