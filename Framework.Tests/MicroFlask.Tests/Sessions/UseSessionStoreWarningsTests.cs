using MicroFlask.Sessions.ServerSide;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MicroFlask.Tests.Sessions;

/// <summary>Configuration mistakes are loud: what <see cref="App.UseSessionStore"/> warns about at start-up.</summary>
public class UseSessionStoreWarningsTests
{
    [Test]
    public async Task UseSessionStore_KeyMicroFlaskDoesNotHonour_WarnsNamingIt()
    {
        var (app, logs) = CreateApp("memory");
        app.Config["SESSION_SERIALIZATION_FORMAT"] = "msgpack";

        await UseAsync(app);

        Warnings(logs).ShouldContain(m => m.Contains("SESSION_SERIALIZATION_FORMAT", StringComparison.Ordinal));
    }

    [Test]
    public async Task UseSessionStore_MisspelledKey_WarnsSuggestingTheRealOne()
    {
        var (app, logs) = CreateApp("memory");
        app.Config["SESSION_REDIS_URL"] = "redis://127.0.0.1:6379";

        await UseAsync(app);

        Warnings(logs).ShouldContain(m => m.Contains("SESSION_REDIS_URL", StringComparison.Ordinal) && m.Contains("did you mean SESSION_REDIS?", StringComparison.Ordinal));
    }

    [Test]
    public async Task UseSessionStore_KeyOfAnotherStoreType_WarnsNamingTheTypeThatReadsIt()
    {
        var (app, logs) = CreateApp("memory");
        app.Config["SESSION_FILE_DIR"] = "/tmp/sessions";

        await UseAsync(app);

        Warnings(logs).ShouldContain(m => m.Contains("SESSION_FILE_DIR", StringComparison.Ordinal) && m.Contains("\"filesystem\"", StringComparison.Ordinal));
    }

    [Test]
    public async Task UseSessionStore_OnlyKeysTheTypeReads_WarnsAboutNothing()
    {
        var (app, logs) = CreateApp("memory");
        app.Config["SESSION_MEMORY_MAX_ENTRIES"] = 10L;
        app.Config["SESSION_KEY_PREFIX"] = "app:";
        app.Config["SESSION_COOKIE_SECURE"] = true;

        await UseAsync(app);

        Warnings(logs).ShouldBeEmpty();
    }

    [Test]
    public async Task UseSessionStore_SessionUserKey_IsReadNotWarnedAbout()
    {
        var (app, logs) = CreateApp("memory");
        app.Config["SESSION_USER_KEY"] = "user_id";

        await UseAsync(app);

        Warnings(logs).ShouldBeEmpty();
    }

    [Test]
    public async Task UseSessionStore_StoreUnreachable_WarnsNamingTheStore()
    {
        var type = "unreachable-" + Guid.NewGuid().ToString("N");
        SessionStoreRegistry.Register(type, _ => new ServerSideSessionInterface(new FailingStore(), storeName: "failing-store 10.0.0.1"));
        var (app, logs) = CreateApp(type);

        await UseAsync(app);

        Warnings(logs).ShouldContain(m => m.Contains("failing-store 10.0.0.1", StringComparison.Ordinal) && m.Contains("connection refused", StringComparison.Ordinal));
    }

    [Test]
    public async Task UseSessionStore_StoreLoadsButDoesNotAnswerItsPing_WarnsWithThePingsReason()
    {
        var type = "unreachable-" + Guid.NewGuid().ToString("N");
        SessionStoreRegistry.Register(type, _ => new ServerSideSessionInterface(new PingFailingStore(), storeName: "ping-failing-store"));
        var (app, logs) = CreateApp(type);

        await UseAsync(app);

        Warnings(logs).ShouldContain(m => m.Contains("ping-failing-store", StringComparison.Ordinal) && m.Contains("ping refused", StringComparison.Ordinal));
    }

    [Test]
    public async Task UseSessionStore_StoreUnreachable_StillInstallsIt()
    {
        var type = "unreachable-" + Guid.NewGuid().ToString("N");
        SessionStoreRegistry.Register(type, _ => new ServerSideSessionInterface(new FailingStore()));
        var (app, _) = CreateApp(type);

        await UseAsync(app);

        ((ServerSideSessionInterface)app.SessionInterface).Store.ShouldBeOfType<FailingStore>();
    }

    [Test]
    public async Task UseSessionStore_DistributedCache_WarnsThatItIsLastWriteWins()
    {
        var (app, logs) = CreateApp("distributedcache");
        app.Config["SESSION_DISTRIBUTED_CACHE"] = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));

        await UseAsync(app);

        Warnings(logs).ShouldHaveSingleItem().ShouldContain("last-write-wins");
    }

    [Test]
    public void UseSessionStore_DistributedCacheWithoutACache_ThrowsNamingTheKey()
    {
        var (app, _) = CreateApp("distributedcache");

        Should.Throw<InvalidOperationException>(app.UseSessionStore).Message.ShouldContain("SESSION_DISTRIBUTED_CACHE");
    }

    [Test]
    public async Task UseSessionStore_DistributedCache_ServesSessions()
    {
        var (app, _) = CreateApp("distributedcache");
        app.Config["SESSION_DISTRIBUTED_CACHE"] = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        app.Route("/set", () =>
        {
            Session.Current["user"] = "alice";
            return "ok";
        });
        app.Route("/get", () => Session.Current.GetString("user") ?? "<none>");
        await UseAsync(app);
        var client = app.TestClient();
        await client.GetAsync("/set");

        (await client.GetAsync("/get")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task UseSessionStore_DistributedCacheInAppServices_UsesIt()
    {
        var (app, _) = CreateApp("distributedcache");
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        app.Services = new ServiceCollection().AddSingleton<IDistributedCache>(cache).BuildServiceProvider();

        await UseAsync(app);

        ((DistributedCacheSessionStore)((ServerSideSessionInterface)app.SessionInterface).Store).Cache.ShouldBeSameAs(cache);
    }

    [Test]
    public async Task UseSessionStore_DistributedCacheRegisteredWithConfigureServices_ServesSessionsFromIt()
    {
        var (app, _) = CreateApp("distributedcache");
        app.ConfigureServices(services => services.AddDistributedMemoryCache());
        app.Route("/set", () =>
        {
            Session.Current["user"] = "alice";
            return "ok";
        });
        app.Route("/get", () => Session.Current.GetString("user") ?? "<none>");
        app.UseSessionStore();
        var client = app.TestClient();
        await client.GetAsync("/set");

        (await client.GetAsync("/get")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task UseSessionStore_DistributedCacheRegisteredWithConfigureServices_ProbesItOnceTheAppStarts()
    {
        var (app, logs) = CreateApp("distributedcache");
        app.ConfigureServices(services => services.AddDistributedMemoryCache());
        app.UseSessionStore();

        _ = app.TestClient();
        await app.SessionStoreCheck.WaitAsync(TimeSpan.FromSeconds(10));

        Warnings(logs).ShouldHaveSingleItem().ShouldContain("last-write-wins");
    }

    private static (App App, ListLoggerProvider Logs) CreateApp(string type)
    {
        var (app, logs) = TestApp.CreateWithLogs();
        app.Config["SESSION_TYPE"] = type;
        return (app, logs);
    }

    private static async Task UseAsync(App app)
    {
        app.UseSessionStore();
        await app.SessionStoreCheck.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static List<string> Warnings(ListLoggerProvider logs) =>
        logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();

    private sealed class FailingStore : ISessionStore
    {
        public ValueTask PingAsync(CancellationToken cancellationToken) => ValueTask.FromException(new IOException("connection refused"));

        public ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken) =>
            ValueTask.FromException<IReadOnlyDictionary<string, string>?>(new IOException("connection refused"));

        public ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken) =>
            ValueTask.FromException(new IOException("connection refused"));

        public ValueTask DeleteAsync(string id, CancellationToken cancellationToken) => ValueTask.FromException(new IOException("connection refused"));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Loads (nothing) fine but fails its health ping: only a probe that pings notices.</summary>
    private sealed class PingFailingStore : ISessionStore
    {
        public ValueTask PingAsync(CancellationToken cancellationToken) => ValueTask.FromException(new IOException("ping refused"));

        public ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyDictionary<string, string>?>(null);

        public ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DeleteAsync(string id, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
