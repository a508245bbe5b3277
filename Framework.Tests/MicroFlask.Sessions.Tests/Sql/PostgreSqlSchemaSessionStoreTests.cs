using MicroFlask.Sessions.ServerSide;
using MicroFlask.Sessions.Sql;
using MicroFlask.Sessions.Tests.ServerSide;
using Npgsql;

namespace MicroFlask.Sessions.Tests.Sql;

/// <summary>
/// The contract once more on PostgreSQL, with the table in a schema of its own (SESSION_SQLALCHEMY_SCHEMA), which the
/// store creates; the schema is dropped after the fixture.
/// </summary>
[External]
public class PostgreSqlSchemaSessionStoreTests : UnreachableStoreContract
{
    private const string Table = "sessions";
    private readonly string _schema = "microflask_test_schema_" + Guid.NewGuid().ToString("N")[..8];

    private string QualifiedTable => _schema + "." + Table;

    protected override async Task<ISessionStore> CreateStoreAsync(TimeProvider clock)
    {
        await Prerequisite.RequireAsync("PostgreSQL", async () =>
        {
            await using var connection = new NpgsqlConnection(PostgreSqlSessionStoreTests.ConnectionString + ";Timeout=3");
            await connection.OpenAsync();
            return true;
        });
        return SqlSessionStore.FromConnectionString(PostgreSqlSessionStoreTests.ConnectionString, SqlDialect.PostgreSql, QualifiedTable, timeProvider: clock);
    }

    protected override Task<ISessionStore> CreateUnreachableStoreAsync(TimeProvider clock)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgreSqlSessionStoreTests.ConnectionString) { Port = 1, Timeout = 2 };
        return Task.FromResult<ISessionStore>(SqlSessionStore.FromConnectionString(builder.ConnectionString, SqlDialect.PostgreSql, QualifiedTable, timeProvider: clock));
    }

    [OneTimeTearDown]
    public async Task DropSchemaAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(PostgreSqlSessionStoreTests.ConnectionString + ";Timeout=3");
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException) when (Environment.GetEnvironmentVariable("CI") is null)
        {
            // No server here: the fixture was ignored and made nothing.
        }
    }

    [Test]
    public async Task Apply_MissingSchema_CreatesItWithTheTableInside()
    {
        await Store.ApplyAsync(KeyPrefix + "s1", new SessionChanges(false, new Dictionary<string, string> { ["a"] = "1" }, Array.Empty<string>()), TimeSpan.FromHours(1), CancellationToken.None);

        await using var connection = new NpgsqlConnection(PostgreSqlSessionStoreTests.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = @schema AND table_name = @table", connection);
        command.Parameters.AddWithValue("schema", _schema);
        command.Parameters.AddWithValue("table", Table);
        (await command.ExecuteScalarAsync()).ShouldBe(1L);
    }

    [Test]
    public async Task UseSessionStore_SqlAlchemySchema_KeepsTheSessionsInThatSchema()
    {
        var app = SessionTestApp.Create(new NullSessionInterface());
        app.Config["SESSION_TYPE"] = "sqlalchemy";
        app.Config["SESSION_SQLALCHEMY"] = PostgreSqlSessionStoreTests.ConnectionString;
        app.Config["SESSION_SQLALCHEMY_TABLE"] = "from_config";
        app.Config["SESSION_SQLALCHEMY_SCHEMA"] = _schema;
        app.UseSessionStore();
        await using (app)
        {
            var client = app.TestClient();
            await client.GetAsync("/set/user/alice");

            ((SqlSessionStore)((SqlSessionInterface)app.SessionInterface).Store).Table.ShouldBe(_schema + ".from_config");
            await using var connection = new NpgsqlConnection(PostgreSqlSessionStoreTests.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{_schema}\".from_config", connection);
            (await command.ExecuteScalarAsync()).ShouldBe(1L);
        }
    }
}
