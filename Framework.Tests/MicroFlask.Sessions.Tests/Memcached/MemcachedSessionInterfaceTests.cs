using MicroFlask.Sessions.Memcached;

namespace MicroFlask.Sessions.Tests.Memcached;

/// <summary>How the memcached interface is built from SESSION_TYPE "memcached" and SESSION_MEMCACHED.</summary>
public sealed class MemcachedSessionInterfaceTests
{
    [Test]
    public void UseSessionStore_TypeMemcached_InstallsTheMemcachedInterface()
    {
        var app = CreateApp("127.0.0.1:1");

        app.UseSessionStore();

        app.SessionInterface.ShouldBeOfType<MemcachedSessionInterface>();
    }

    [Test]
    public void UseSessionStore_HostAndPort_NamesTheServerInLogs()
    {
        var app = CreateApp("127.0.0.1:1");

        app.UseSessionStore();

        ((MemcachedSessionInterface)app.SessionInterface).StoreName.ShouldBe("memcached 127.0.0.1:1");
    }

    [Test]
    public void UseSessionStore_CommaSeparatedServers_UsesEveryServer()
    {
        var app = CreateApp("127.0.0.1:1, 127.0.0.1:2");

        app.UseSessionStore();

        ((MemcachedSessionStore)((MemcachedSessionInterface)app.SessionInterface).Store).Servers.ShouldBe(["127.0.0.1:1", "127.0.0.1:2"]);
    }

    [Test]
    public void UseSessionStore_AListOfServers_UsesEveryServer()
    {
        var app = CreateApp(new List<string> { "127.0.0.1:1", "127.0.0.1:2" });

        app.UseSessionStore();

        ((MemcachedSessionInterface)app.SessionInterface).StoreName.ShouldBe("memcached 127.0.0.1:1,127.0.0.1:2");
    }

    [Test]
    public void UseSessionStore_AnEmptyList_ThrowsNamingTheKey()
    {
        var app = CreateApp(Array.Empty<string>());

        Should.Throw<InvalidOperationException>(app.UseSessionStore).Message.ShouldStartWith("SESSION_MEMCACHED is a list");
    }

    [Test]
    public void Constructor_AServerListedTwice_Throws()
    {
        Should.Throw<ArgumentException>(() => new MemcachedSessionStore("127.0.0.1:1,127.0.0.1:1")).Message.ShouldContain("listed twice");
    }

    [Test]
    public void ServerOf_TwoServers_NamesTheOneThatHoldsTheKey()
    {
        var store = new MemcachedSessionStore("127.0.0.1:1,127.0.0.1:2");

        var servers = Enumerable.Range(0, 100).Select(i => store.ServerOf("session:" + i)).Distinct().Order().ToArray();

        servers.ShouldBe(["127.0.0.1:1", "127.0.0.1:2"]);
    }

    [Test]
    public void ServerOf_OneServer_IsNullAsTheStoreIsOneWhole()
    {
        new MemcachedSessionStore("127.0.0.1:1").ServerOf("session:x").ShouldBeNull();
    }

    [Test]
    public void UseSessionStore_AClient_UsesIt()
    {
        using var client = new MemcachedClient("127.0.0.1:2");
        var app = CreateApp(client);

        app.UseSessionStore();

        ((MemcachedSessionInterface)app.SessionInterface).StoreName.ShouldBe("memcached 127.0.0.1:2");
    }

    [Test]
    public void UseSessionStore_SessionMemcachedMissing_ThrowsNamingTheKey()
    {
        var app = CreateApp(null);

        Should.Throw<InvalidOperationException>(() => app.UseSessionStore()).Message.ShouldContain("SESSION_MEMCACHED is not set");
    }

    [Test]
    public async Task DisposeAsync_StoreBuiltFromAConnectionString_ClosesItsClient()
    {
        var app = CreateApp("127.0.0.1:1");
        app.UseSessionStore();
        var store = ((MemcachedSessionInterface)app.SessionInterface).Store;

        await app.DisposeAsync();

        await Should.ThrowAsync<ObjectDisposedException>(async () => await store.LoadAsync("id", CancellationToken.None));
    }

    [Test]
    public async Task DisposeAsync_TheUsersClient_IsLeftOpen()
    {
        using var client = new MemcachedClient(new MemcachedClientOptions { Server = "127.0.0.1:1", ConnectTimeout = TimeSpan.FromMilliseconds(200) });
        var app = CreateApp(client);
        app.UseSessionStore();

        await app.DisposeAsync();

        // Port 1 refuses the connection: the client still tries, where a disposed one would refuse at once.
        var error = await Should.ThrowAsync<Exception>(async () => await client.GetAsync("id"));
        error.ShouldNotBeOfType<ObjectDisposedException>();
    }

    [TestCase(243)]
    [TestCase(250)]
    [TestCase(256)]
    public async Task Open_IdTooLongForAKeyWithTheDefaultPrefix_StartsANewSession(int length)
    {
        var store = await ConnectAsync();
        var client = SessionTestApp.Create(new MemcachedSessionInterface(store)).TestClient();
        client.SetCookie("session", new string('A', length));

        var response = await client.GetAsync("/set/user/alice");

        response.StatusCode.ShouldBe(200);
        client.GetCookie("session")!.Length.ShouldBe(43);
    }

    [Test]
    public async Task Create_PrefixTooLongForAnId_ThrowsNamingTheKeyAndTheLimit()
    {
        await using var store = new MemcachedSessionStore("127.0.0.1:1");

        var error = Should.Throw<InvalidOperationException>(() => new MemcachedSessionInterface(store, keyPrefix: new string('p', 208)));

        error.Message.ShouldContain("SESSION_KEY_PREFIX is 208 bytes long");
        error.Message.ShouldContain("Shorten the prefix to 207 bytes or fewer");
    }

    [Test]
    public void UseSessionStore_PrefixTooLongForAnId_Throws()
    {
        var app = CreateApp("127.0.0.1:1");
        app.Config["SESSION_KEY_PREFIX"] = new string('p', 208);

        Should.Throw<InvalidOperationException>(() => app.UseSessionStore()).Message.ShouldContain("SESSION_KEY_PREFIX");
    }

    private static async Task<MemcachedSessionStore> ConnectAsync()
    {
        var store = new MemcachedSessionStore(TestServers.Memcached);
        await Prerequisite.RequireAsync("memcached (MICROFLASK_TEST_MEMCACHED) " + TestServers.Memcached,
            async () => await store.LoadAsync("test:probe", CancellationToken.None));
        return store;
    }

    private static App CreateApp(object? sessionMemcached)
    {
        var app = new App("memcached-config-tests") { LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance };
        app.Config["SESSION_TYPE"] = "memcached";
        app.Config["SESSION_MEMCACHED"] = sessionMemcached;
        return app;
    }
}
