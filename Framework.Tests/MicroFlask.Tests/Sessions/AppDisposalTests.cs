using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Tests.Sessions;

public class AppDisposalTests
{
    [Test]
    public async Task DisposeAsync_StoreBuiltByUseSessionStore_IsDisposed()
    {
        var store = new TrackingStore();
        var app = AppUsingStoreType(store);
        app.UseSessionStore();

        await app.DisposeAsync();

        store.Disposals.ShouldBe(1);
    }

    [Test]
    public async Task DisposeAsync_StoreTheUserSet_IsNotDisposed()
    {
        var store = new TrackingStore();
        var app = TestApp.Create();
        app.SessionInterface = new ServerSideSessionInterface(store);

        await app.DisposeAsync();

        store.Disposals.ShouldBe(0);
    }

    [Test]
    public async Task DisposeAsync_Twice_DisposesTheStoreOnce()
    {
        var store = new TrackingStore();
        var app = AppUsingStoreType(store);
        app.UseSessionStore();

        await app.DisposeAsync();
        await app.DisposeAsync();

        store.Disposals.ShouldBe(1);
    }

    [Test]
    [NonParallelizable]
    public async Task RunAsync_Stopped_DisposesTheStoreUseSessionStoreBuilt()
    {
        var store = new TrackingStore();
        var app = AppUsingStoreType(store);
        app.UseSessionStore();
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await app.RunAsync("127.0.0.1", 0, stop.Token);

        store.Disposals.ShouldBe(1);
    }

    // Each test registers its own SESSION_TYPE: the registry is shared by every test in the process.
    private static App AppUsingStoreType(TrackingStore store)
    {
        var type = "tracking-" + Guid.NewGuid().ToString("N");
        SessionStoreRegistry.Register(type, _ => new ServerSideSessionInterface(store));
        return TestApp.Create(app => app.Config["SESSION_TYPE"] = type);
    }

    private sealed class TrackingStore : ISessionStore
    {
        private readonly MemorySessionStore _inner = new();

        public int Disposals { get; private set; }

        public ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken) =>
            _inner.LoadAsync(id, cancellationToken);

        public ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken) =>
            _inner.ApplyAsync(id, changes, timeToLive, cancellationToken);

        public ValueTask DeleteAsync(string id, CancellationToken cancellationToken) => _inner.DeleteAsync(id, cancellationToken);

        public ValueTask DisposeAsync()
        {
            Disposals++;
            return ValueTask.CompletedTask;
        }
    }
}
