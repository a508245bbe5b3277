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

    private static App CreateApp(object? sessionMemcached)
    {
        var app = new App("memcached-config-tests") { LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance };
        app.Config["SESSION_TYPE"] = "memcached";
        app.Config["SESSION_MEMCACHED"] = sessionMemcached;
        return app;
    }
}
