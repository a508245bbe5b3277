using MicroFlask.Sessions.ServerSide;
using MicroFlask.Sessions.Tests.ServerSide;
using MicroFlask.Sessions.Sql;
using Microsoft.Data.Sqlite;

namespace MicroFlask.Sessions.Tests.Sql;

public class SqliteSessionStoreTests : UnreachableStoreContract
{
    private string _directory = "";

    protected override Task<ISessionStore> CreateStoreAsync(TimeProvider clock)
    {
        _directory = Path.Combine(Path.GetTempPath(), "microflask-sqlite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        return Task.FromResult<ISessionStore>(NewStore(Path.Combine(_directory, "sessions.db"), clock));
    }

    protected override Task<ISessionStore> CreateUnreachableStoreAsync(TimeProvider clock) =>
        Task.FromResult<ISessionStore>(NewStore(Path.Combine(_directory, "missing-directory", "sessions.db"), clock));

    [TearDown]
    public void DeleteDatabase()
    {
        // Pooled connections keep the file open; clear them before deleting.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Apply_CreatesTheTableWithAnExpiryIndex()
    {
        await Store.ApplyAsync("s1", Set(("a", "1")), TimeSpan.FromHours(1), CancellationToken.None);

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "sessions.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions' AND sql LIKE '%expiry%'";
        (await command.ExecuteScalarAsync()).ShouldBe("sessions_expiry_idx");
    }

    [Test]
    public async Task DeleteExpired_RemovesOnlyExpiredRows()
    {
        var store = (SqlSessionStore)Store;
        await store.ApplyAsync("short", Set(("a", "1")), TimeSpan.FromMinutes(1), CancellationToken.None);
        await store.ApplyAsync("long", Set(("a", "1")), TimeSpan.FromDays(1), CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(2));

        (await store.DeleteExpiredAsync(CancellationToken.None)).ShouldBe(1);
    }

    [Test]
    public async Task Apply_TwoStoresOnOneDatabase_MergeEachOthersKeys()
    {
        var path = Path.Combine(_directory, "shared.db");
        var one = NewStore(path, Clock);
        var two = NewStore(path, Clock);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            await (i % 2 == 0 ? one : two).ApplyAsync("shared", Set(($"k{i}", "v")), TimeSpan.FromHours(1), CancellationToken.None))));

        (await one.LoadAsync("shared", CancellationToken.None))!.Count.ShouldBe(40);
    }

    [Test]
    public async Task UserSessions_OnATableMadeBeforeUsersSessions_AddTheIndexedUserColumn()
    {
        var path = Path.Combine(_directory, "old.db");
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            // The schema of the releases before users' sessions.
            create.CommandText = "CREATE TABLE sessions (id TEXT NOT NULL PRIMARY KEY, data TEXT NOT NULL, expiry INTEGER NOT NULL)";
            await create.ExecuteNonQueryAsync();
        }
        var store = NewStore(path, Clock);
        DisposeAfterTest(store);
        var app = CreateApp(o => o with { UserKey = "user" }, store: store,
            configure: a => a.Route("/count/<user>", async (string user) => (await UserSessions.ListAsync(user)).Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await app.TestClient().GetAsync("/login/alice");

        (await app.TestClient().GetAsync("/count/alice")).Text.ShouldBe("1");
        await using var check = new SqliteConnection($"Data Source={path}");
        await check.OpenAsync();
        await using var command = check.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions' AND sql LIKE '%user_key%'";
        (await command.ExecuteScalarAsync()).ShouldBe("sessions_user_idx");
    }

    [Test]
    public async Task Apply_ConcurrentSavesToManySessions_AllLandInOneCommit()
    {
        var store = (SqlSessionStore)Store;
        await store.ApplyAsync("warm", Set(("a", "1")), TimeSpan.FromHours(1), CancellationToken.None);
        var before = store.GroupCommits;

        await using (var blocker = await HoldWriteLockAsync())
        {
            var saves = Enumerable.Range(0, 20).Select(i => store.ApplyAsync($"s{i}", Set(("n", $"{i}")), TimeSpan.FromHours(1), CancellationToken.None).AsTask()).ToList();
            await blocker.ReleaseAsync();
            await Task.WhenAll(saves);
        }

        var loaded = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i => (await store.LoadAsync($"s{i}", CancellationToken.None))?["n"]));
        (string.Join(',', loaded), store.GroupCommits - before).ShouldBe((string.Join(',', Enumerable.Range(0, 20)), 1));
    }

    [TestCase("ABORT")]
    [TestCase("ROLLBACK")]
    public async Task Apply_OneSaveOfAGroupFails_FailsOnlyThatSave(string raise)
    {
        var store = (SqlSessionStore)Store;
        await store.ApplyAsync("warm", Set(("a", "1")), TimeSpan.FromHours(1), CancellationToken.None);
        // A failure of the database itself for one row: ABORT undoes the statement, ROLLBACK the whole transaction.
        await ExecuteAsync($"CREATE TRIGGER fail_bad BEFORE INSERT ON sessions WHEN NEW.id = 'bad' BEGIN SELECT RAISE({raise}, 'injected failure'); END");
        Task bad;
        List<Task> good;

        await using (var blocker = await HoldWriteLockAsync())
        {
            good = Enumerable.Range(0, 10).Select(i => store.ApplyAsync($"s{i}", Set(("n", "v")), TimeSpan.FromHours(1), CancellationToken.None).AsTask()).ToList();
            bad = store.ApplyAsync("bad", Set(("n", "v")), TimeSpan.FromHours(1), CancellationToken.None).AsTask();
            good.AddRange(Enumerable.Range(10, 10).Select(i => store.ApplyAsync($"s{i}", Set(("n", "v")), TimeSpan.FromHours(1), CancellationToken.None).AsTask()));
            await blocker.ReleaseAsync();
            await Should.ThrowAsync<SqliteException>(bad);
            await Task.WhenAll(good);
        }

        var landed = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i => await store.LoadAsync($"s{i}", CancellationToken.None) is not null));
        (landed.Count(l => l), await store.LoadAsync("bad", CancellationToken.None)).ShouldBe((20, null));
    }

    [Test]
    public async Task Apply_BadIncrementInAGroup_FailsOnlyThatSave()
    {
        var store = (SqlSessionStore)Store;
        await store.ApplyAsync("text", Set(("n", "\"word\"")), TimeSpan.FromHours(1), CancellationToken.None);
        var increment = new SessionChanges(false, new Dictionary<string, string>(), Array.Empty<string>(), new Dictionary<string, long> { ["n"] = 1 });
        Task bad;
        Task good;

        await using (var blocker = await HoldWriteLockAsync())
        {
            bad = store.ApplyAsync("text", increment, TimeSpan.FromHours(1), CancellationToken.None).AsTask();
            good = store.ApplyAsync("counter", increment, TimeSpan.FromHours(1), CancellationToken.None).AsTask();
            await blocker.ReleaseAsync();
            await Should.ThrowAsync<InvalidOperationException>(bad);
            await good;
        }

        (await store.LoadAsync("counter", CancellationToken.None))!["n"].ShouldBe("1");
    }

    [Test]
    public async Task Apply_CancelledWhileQueued_IsCancelledAndNotWritten()
    {
        var store = (SqlSessionStore)Store;
        await store.ApplyAsync("warm", Set(("a", "1")), TimeSpan.FromHours(1), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        Task cancelled;

        await using (var blocker = await HoldWriteLockAsync())
        {
            // The first save waits for the lock in the flusher; the second waits in the queue behind it.
            var first = store.ApplyAsync("first", Set(("a", "1")), TimeSpan.FromHours(1), CancellationToken.None).AsTask();
            await Task.Delay(100);
            cancelled = store.ApplyAsync("second", Set(("a", "1")), TimeSpan.FromHours(1), cancel.Token).AsTask();
            await cancel.CancelAsync();
            await Should.ThrowAsync<OperationCanceledException>(cancelled);
            await blocker.ReleaseAsync();
            await first;
        }

        (await store.LoadAsync("second", CancellationToken.None)).ShouldBeNull();
    }

    [Test]
    public async Task Apply_TwoProcessesOnOneDatabase_MergeEachOthersKeys()
    {
        var path = Path.Combine(_directory, "processes.db");
        var store = NewStore(path, TimeProvider.System);
        DisposeAfterTest(store);
        await store.PingAsync(CancellationToken.None);
        await using var child = await ChildProcess.StartApplyingAsync("sqlite:" + path, "shared", "child", 200);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            store.ApplyAsync("shared", Set(($"parent{i}", "v")), TimeSpan.FromHours(1), CancellationToken.None).AsTask()));
        var result = await child.WaitForExitAsync(TimeSpan.FromMinutes(1));

        result.ExitCode.ShouldBe(0, result.Output);
        (await store.LoadAsync("shared", CancellationToken.None))!.Count.ShouldBe(400);
    }

    /// <summary>Takes the database's write lock from another connection, as another process would.</summary>
    private async Task<WriteLock> HoldWriteLockAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "sessions.db")}");
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();
        return new WriteLock(connection);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "sessions.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed class WriteLock(SqliteConnection connection) : IAsyncDisposable
    {
        private bool _released;

        public async Task ReleaseAsync()
        {
            if (_released) return;
            _released = true;
            await using var commit = connection.CreateCommand();
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await ReleaseAsync();
            await connection.DisposeAsync();
        }
    }

    internal static SqlSessionStore NewStore(string path, TimeProvider clock, int cleanupInterval = 100) =>
        SqlSessionStore.FromConnectionString($"Data Source={path}", SqlDialect.Sqlite, cleanupInterval: cleanupInterval, timeProvider: clock);

    private static SessionChanges Set(params (string Key, string Value)[] entries) =>
        new(false, entries.ToDictionary(e => e.Key, e => e.Value), Array.Empty<string>());
}
