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

    private static App CreateApp(object? sessionMemcached)
    {
        var app = new App("memcached-config-tests") { LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance };
        app.Config["SESSION_TYPE"] = "memcached";
        app.Config["SESSION_MEMCACHED"] = sessionMemcached;
        return app;
    }
}
