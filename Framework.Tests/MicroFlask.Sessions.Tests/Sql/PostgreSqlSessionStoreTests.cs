using MicroFlask.Sessions.ServerSide;
using MicroFlask.Sessions.Tests.ServerSide;
using MicroFlask.Sessions.Sql;
using Npgsql;

namespace MicroFlask.Sessions.Tests.Sql;

/// <summary>The contract on PostgreSQL (MICROFLASK_TEST_POSTGRES, default the server scripts/services.sh starts on 5433).</summary>
[External]
public class PostgreSqlSessionStoreTests : UnreachableStoreContract
{
    private const string Table = "microflask_test_sessions";

    internal static string ConnectionString =>
        Environment.GetEnvironmentVariable("MICROFLASK_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5433;Username=microflask;Password=microflask;Database=microflask_test";

    protected override async Task<ISessionStore> CreateStoreAsync(TimeProvider clock)
    {
        await Prerequisite.RequireAsync("PostgreSQL", async () =>
        {
            await using var connection = new NpgsqlConnection(ConnectionString + ";Timeout=3");
            await connection.OpenAsync();
            return true;
        });
        return SqlSessionStore.FromConnectionString(ConnectionString, SqlDialect.PostgreSql, Table, timeProvider: clock);
    }

    protected override Task<ISessionStore> CreateUnreachableStoreAsync(TimeProvider clock)
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Port = 1, Timeout = 2 };
        return Task.FromResult<ISessionStore>(SqlSessionStore.FromConnectionString(builder.ConnectionString, SqlDialect.PostgreSql, Table, timeProvider: clock));
    }

    [Test]
    public async Task Apply_CreatesTheTableWithAnExpiryIndex()
    {
        await Store.ApplyAsync(KeyPrefix + "s1", new SessionChanges(false, new Dictionary<string, string> { ["a"] = "1" }, Array.Empty<string>()), TimeSpan.FromHours(1), CancellationToken.None);

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT indexname FROM pg_indexes WHERE tablename = @table AND indexdef LIKE '%(expiry)%'", connection);
        command.Parameters.AddWithValue("table", Table);
        (await command.ExecuteScalarAsync()).ShouldBe(Table + "_expiry_idx");
    }

    [Test]
    public async Task UserSessions_OnATableMadeBeforeUsersSessions_AddTheIndexedUserColumn()
    {
        var table = "microflask_test_old_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        // The schema of the releases before users' sessions.
        await using (var create = new NpgsqlCommand($"CREATE TABLE {table} (id TEXT NOT NULL PRIMARY KEY, data TEXT NOT NULL, expiry BIGINT NOT NULL)", connection))
            await create.ExecuteNonQueryAsync();
        try
        {
            var store = SqlSessionStore.FromConnectionString(ConnectionString, SqlDialect.PostgreSql, table, timeProvider: Clock);
            DisposeAfterTest(store);
            var app = CreateApp(o => o with { UserKey = "user" }, store: store,
                configure: a => a.Route("/count/<user>", async (string user) => (await UserSessions.ListAsync(user)).Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            await app.TestClient().GetAsync("/login/alice");

            (await app.TestClient().GetAsync("/count/alice")).Text.ShouldBe("1");
            await using var command = new NpgsqlCommand("SELECT indexname FROM pg_indexes WHERE tablename = @table AND indexdef LIKE '%(user_key)%'", connection);
            command.Parameters.AddWithValue("table", table);
            (await command.ExecuteScalarAsync()).ShouldBe(table + "_user_idx");
        }
        finally
        {
            await using var drop = new NpgsqlCommand($"DROP TABLE {table}", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
