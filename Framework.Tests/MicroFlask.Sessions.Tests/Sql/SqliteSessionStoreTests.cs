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

    internal static SqlSessionStore NewStore(string path, TimeProvider clock, int cleanupInterval = 100) =>
        SqlSessionStore.FromConnectionString($"Data Source={path}", SqlDialect.Sqlite, cleanupInterval: cleanupInterval, timeProvider: clock);

    private static SessionChanges Set(params (string Key, string Value)[] entries) =>
        new(false, entries.ToDictionary(e => e.Key, e => e.Value), Array.Empty<string>());
}
