using MicroFlask.Sessions.ServerSide;
using MicroFlask.Sessions.Sql;
using MicroFlask.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Sessions.Tests.ServerSide;

/// <summary>SESSION_CLEANUP_N_REQUESTS: every Nth save sweeps the expired sessions of a store that needs it (SQLite, files).</summary>
public class SessionSweepTests
{
    private string _directory = "";
    private FakeTimeProvider _clock = null!;
    private ISessionStore? _store;

    public enum Kind
    {
        Sqlite,
        FileSystem,
    }

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "microflask-sweep-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [TestCase(Kind.Sqlite, 2, 1L)]
    [TestCase(Kind.Sqlite, 3, 0L)]
    [TestCase(Kind.FileSystem, 2, 1L)]
    [TestCase(Kind.FileSystem, 3, 0L)]
    public async Task Save_CleanupEvery3_TheThirdSaveSweepsTheExpiredSession(Kind kind, int saves, long expiredLeft)
    {
        var store = await StoreWithOneExpiredSessionAsync(kind);
        var app = SessionTestApp.Create(new ServerSideSessionInterface(store, new ServerSideSessionOptions { CleanupInterval = 3 }), _clock);

        for (var i = 0; i < saves; i++) await app.TestClient().GetAsync("/set/a/1");

        (await ((ISessionSweeper)store).SweepExpiredAsync(CancellationToken.None)).ShouldBe(expiredLeft);
    }

    [Test]
    public async Task Save_FileSystemWithoutCleanupSetting_NeverSweeps()
    {
        var store = await StoreWithOneExpiredSessionAsync(Kind.FileSystem);
        var app = SessionTestApp.Create(new ServerSideSessionInterface(store), _clock);

        for (var i = 0; i < 5; i++) await app.TestClient().GetAsync("/set/a/1");

        (await ((ISessionSweeper)store).SweepExpiredAsync(CancellationToken.None)).ShouldBe(1L);
    }

    [Test]
    public async Task Save_SqlWithoutCleanupSetting_SweepsEveryStoreCleanupIntervalSaves()
    {
        var store = SqlSessionStore.FromConnectionString($"Data Source={Path.Combine(_directory, "s.db")}", SqlDialect.Sqlite, cleanupInterval: 2, timeProvider: _clock);
        _store = store;
        await AddExpiredSessionAsync(store);
        var app = SessionTestApp.Create(new ServerSideSessionInterface(store), _clock);

        for (var i = 0; i < 2; i++) await app.TestClient().GetAsync("/set/a/1");

        (await store.DeleteExpiredAsync(CancellationToken.None)).ShouldBe(0);
    }

    [Test]
    public async Task Save_CleanupZero_NeverSweepsEvenWhereTheStoreWould()
    {
        var store = SqlSessionStore.FromConnectionString($"Data Source={Path.Combine(_directory, "s.db")}", SqlDialect.Sqlite, cleanupInterval: 1, timeProvider: _clock);
        _store = store;
        await AddExpiredSessionAsync(store);
        var app = SessionTestApp.Create(new ServerSideSessionInterface(store, new ServerSideSessionOptions { CleanupInterval = 0 }), _clock);

        for (var i = 0; i < 3; i++) await app.TestClient().GetAsync("/set/a/1");

        (await store.DeleteExpiredAsync(CancellationToken.None)).ShouldBe(1);
    }

    [Test]
    public async Task Save_SweepFails_TheRequestsSucceedAndTheFailureIsLoggedOnce()
    {
        var logs = new ListLoggerProvider();
        var store = new FailingSweepStore();
        var app = SessionTestApp.Create(new ServerSideSessionInterface(store, new ServerSideSessionOptions { CleanupInterval = 1 }), _clock, logs);
        var client = app.TestClient();

        var first = await client.GetAsync("/set/a/1");
        var second = await client.GetAsync("/set/b/2");

        (first.StatusCode, second.StatusCode, store.Sweeps, (await client.GetAsync("/keys")).Text).ShouldBe((200, 200, 2, "a,b"));
        logs.Entries.Count(e => e.Level >= LogLevel.Warning).ShouldBe(1);
        logs.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.StartsWith("Sweeping expired sessions from", StringComparison.Ordinal)
            && e.Message.Contains("the sweep broke", StringComparison.Ordinal));
    }

    [Test]
    public async Task Save_SweepHangs_TheRequestEndsWithinTheStoreTimeout()
    {
        var store = new FailingSweepStore { Hang = true };
        var app = SessionTestApp.Create(
            new ServerSideSessionInterface(store, new ServerSideSessionOptions { CleanupInterval = 1, OperationTimeout = TimeSpan.FromMilliseconds(200) }), _clock);

        var response = await app.TestClient().GetAsync("/set/a/1").WaitAsync(TimeSpan.FromSeconds(10));

        response.StatusCode.ShouldBe(200);
    }

    [Test]
    public void FromConfig_NegativeCleanup_ThrowsNamingTheKey()
    {
        var config = new Config { ["SESSION_CLEANUP_N_REQUESTS"] = -1L };

        Should.Throw<InvalidOperationException>(() => ServerSideSessionOptions.FromConfig(config)).Message.ShouldContain("SESSION_CLEANUP_N_REQUESTS is -1");
    }

    private async Task<ISessionStore> StoreWithOneExpiredSessionAsync(Kind kind)
    {
        ISessionStore store = kind == Kind.Sqlite
            ? SqlSessionStore.FromConnectionString($"Data Source={Path.Combine(_directory, "s.db")}", SqlDialect.Sqlite, cleanupInterval: 0, timeProvider: _clock)
            : new FileSystemSessionStore(Path.Combine(_directory, "files"), timeProvider: _clock);
        _store = store;
        await AddExpiredSessionAsync(store);
        return store;
    }

    private async Task AddExpiredSessionAsync(ISessionStore store)
    {
        await store.ApplyAsync("session:expired", new SessionChanges(false, new Dictionary<string, string> { ["a"] = "1" }, Array.Empty<string>()), TimeSpan.FromMinutes(1), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(2));
    }

    /// <summary>A memory store whose sweep throws, or hangs until cancelled.</summary>
    private sealed class FailingSweepStore : ISessionStore, ISessionSweeper
    {
        private readonly MemorySessionStore _inner = new();

        public bool Hang { get; init; }

        public int Sweeps { get; private set; }

        public ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken) => _inner.LoadAsync(id, cancellationToken);

        public ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken) => _inner.ApplyAsync(id, changes, timeToLive, cancellationToken);

        public ValueTask DeleteAsync(string id, CancellationToken cancellationToken) => _inner.DeleteAsync(id, cancellationToken);

        public async ValueTask<long> SweepExpiredAsync(CancellationToken cancellationToken)
        {
            Sweeps++;
            // Hangs past its token, as a driver that ignores it: the interface's own wait is what ends the request.
            if (Hang) await Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None);
            throw new IOException("the sweep broke");
        }

        public ValueTask DisposeAsync() => _inner.DisposeAsync();
    }
}
