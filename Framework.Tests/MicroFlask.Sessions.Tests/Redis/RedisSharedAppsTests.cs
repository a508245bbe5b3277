using MicroFlask.Sessions.Redis;
using MicroFlask.Testing;

namespace MicroFlask.Sessions.Tests.Redis;

/// <summary>
/// Two app instances, each with its own connection (as two processes behind a load balancer), configured by
/// SESSION_TYPE "redis" against one Redis: a session started on one is the same session on the other.
/// </summary>
[External]
public sealed class RedisSharedAppsTests
{
    private readonly List<App> _apps = new();
    private string _prefix = "";

    [SetUp]
    public async Task SetUpAsync()
    {
        await RedisTestConnections.SingleAsync(); // ends the test when the server is not there
        _prefix = "test:" + Guid.NewGuid().ToString("N")[..12] + ":";
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        foreach (var app in _apps) await ((RedisSessionStore)((RedisSessionInterface)app.SessionInterface).Store).DisposeAsync();
        _apps.Clear();
    }

    [Test]
    public async Task Login_OnOneApp_IsSeenByTheOther()
    {
        var (first, second) = (CreateClient(), CreateClient());
        await first.GetAsync("/login/alice");
        second.SetCookie("session", first.GetCookie("session")!);

        (await second.GetAsync("/get/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Write_OnTheSecondApp_IsSeenByTheFirst()
    {
        var (first, second) = (CreateClient(), CreateClient());
        await first.GetAsync("/login/alice");
        second.SetCookie("session", first.GetCookie("session")!);

        await second.GetAsync("/set/cart/3");

        (await first.GetAsync("/keys")).Text.ShouldBe("cart,user");
    }

    [Test]
    public async Task Logout_OnOneApp_EndsTheSessionOnTheOther()
    {
        var (first, second) = (CreateClient(), CreateClient());
        await first.GetAsync("/login/alice");
        var cookie = first.GetCookie("session")!;
        second.SetCookie("session", cookie);

        await second.GetAsync("/clear");
        first.SetCookie("session", cookie);

        (await first.GetAsync("/get/user")).Text.ShouldBe("<none>");
    }

    private TestClient CreateClient()
    {
        var app = new App("shared-redis-tests") { LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance };
        app.SecretKey = SessionTestApp.SecretKey;
        app.Config["SESSION_TYPE"] = "redis";
        app.Config["SESSION_REDIS"] = TestServers.Redis;
        app.Config["SESSION_KEY_PREFIX"] = _prefix;
        app.Config["SESSION_USE_SIGNER"] = true;
        app.UseSessionStore();
        SessionTestApp.AddViews(app, new SessionTestApp.Gates());
        _apps.Add(app);
        return app.TestClient();
    }
}
