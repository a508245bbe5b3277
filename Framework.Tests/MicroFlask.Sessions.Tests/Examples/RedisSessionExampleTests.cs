using System.Collections;
using MicroFlask.Sessions.Redis;
using MicroFlask.Sessions.Tests.Redis;

namespace MicroFlask.Sessions.Tests.Examples;

/// <summary>Examples/RedisSession through the test client, against the real Redis (MICROFLASK_TEST_REDIS).</summary>
[External]
public sealed class RedisSessionExampleTests
{
    private App _app = null!;
    private string _prefix = "";

    [SetUp]
    public async Task SetUpAsync()
    {
        await RedisTestConnections.SingleAsync(); // ends the test when the server is not there
        _prefix = "example:" + Guid.NewGuid().ToString("N")[..12] + ":";
        // The example reads MICROFLASK_* variables; these point it at the test server.
        _app = RedisSessionApp.CreateApp(new Hashtable
        {
            ["MICROFLASK_SESSION_REDIS"] = TestServers.Redis,
            ["MICROFLASK_SESSION_KEY_PREFIX"] = _prefix,
        });
    }

    [TearDown]
    public async Task TearDownAsync() =>
        await ((RedisSessionStore)((RedisSessionInterface)_app.SessionInterface).Store).DisposeAsync();

    [Test]
    public async Task Login_RedirectsToIndex()
    {
        var response = await _app.TestClient().GetAsync("/login");

        (response.StatusCode, response.Location).ShouldBe((302, "/index"));
    }

    [Test]
    public async Task Index_AfterLogin_ShowsTheUser()
    {
        var client = _app.TestClient();

        var response = await client.GetAsync("/login", followRedirects: true);

        response.Text.ShouldBe("Logged in as alice");
    }

    [Test]
    public async Task Index_WithoutLogin_SaysSo()
    {
        var response = await _app.TestClient().GetAsync("/index");

        response.Text.ShouldStartWith("Not logged in");
    }

    [Test]
    public async Task Login_KeepsTheSessionInRedis()
    {
        var client = _app.TestClient();
        await client.GetAsync("/login");

        var redis = await RedisTestConnections.SingleAsync();
        (await redis.GetDatabase().HashExistsAsync(_prefix + client.GetCookie("session"), "user")).ShouldBeTrue();
    }

    [Test]
    public async Task CreateApp_WithoutEnvironment_UsesRedisOnTheDefaultPort()
    {
        var sessions = (RedisSessionInterface)RedisSessionApp.CreateApp(new Hashtable()).SessionInterface;
        await ((RedisSessionStore)sessions.Store).DisposeAsync();

        sessions.StoreName.ShouldBe("redis 127.0.0.1:6379");
    }
}
