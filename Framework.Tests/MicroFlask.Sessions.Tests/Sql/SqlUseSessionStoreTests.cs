using Microsoft.Extensions.Logging;
using MicroFlask.Sessions.ServerSide;
using MicroFlask.Sessions.Sql;
using Microsoft.Data.Sqlite;

namespace MicroFlask.Sessions.Tests.Sql;

public class SqlUseSessionStoreTests
{
    [TestCase("sqlalchemy")]
    [TestCase("sql")]
    public void UseSessionStore_SqlType_InstallsTheSqlInterface(string type)
    {
        var app = NewApp(("SESSION_TYPE", type), ("SESSION_SQL_URL", "Data Source=:memory:"));

        app.UseSessionStore();

        app.SessionInterface.ShouldBeOfType<SqlSessionInterface>();
    }

    [Test]
    public void UseSessionStore_SqlWithoutConnection_ThrowsNamingTheKey()
    {
        var app = NewApp(("SESSION_TYPE", "sqlalchemy"));

        Should.Throw<InvalidOperationException>(app.UseSessionStore).Message.ShouldContain("SESSION_SQL_URL");
    }

    [TestCase("Data Source=sessions.db", "sqlite")]
    [TestCase("sqlite:///sessions.db", "sqlite")]
    [TestCase("Host=db;Database=app;Username=u;Password=p", "postgresql")]
    [TestCase("postgresql://u:p@db:5432/app", "postgresql")]
    public void UseSessionStore_ConnectionString_ChoosesTheDialect(string connection, string dialect)
    {
        var app = NewApp(("SESSION_TYPE", "sql"), ("SESSION_SQL_URL", connection));

        app.UseSessionStore();

        ((SqlSessionStore)((SqlSessionInterface)app.SessionInterface).Store).Dialect.Name.ShouldBe(dialect);
    }

    [Test]
    public void UseSessionStore_UnrecognisedConnectionString_ThrowsNamingTheDialectKey()
    {
        var app = NewApp(("SESSION_TYPE", "sql"), ("SESSION_SQL_URL", "Endpoint=somewhere"));

        Should.Throw<InvalidOperationException>(app.UseSessionStore).Message.ShouldContain("SESSION_SQL_DIALECT");
    }

    [Test]
    public void UseSessionStore_TableAndCleanup_AreRead()
    {
        var app = NewApp(("SESSION_TYPE", "sql"), ("SESSION_SQL_URL", "Data Source=:memory:"), ("SESSION_SQL_TABLE", "web_sessions"), ("SESSION_CLEANUP_N_REQUESTS", 7L));

        app.UseSessionStore();

        var store = (SqlSessionStore)((SqlSessionInterface)app.SessionInterface).Store;
        (store.Table, store.CleanupInterval).ShouldBe(("web_sessions", 7));
    }

    [Test]
    public void UseSessionStore_TableNameWithSql_Throws()
    {
        var app = NewApp(("SESSION_TYPE", "sql"), ("SESSION_SQL_URL", "Data Source=:memory:"), ("SESSION_SQL_TABLE", "x; DROP TABLE users"));

        Should.Throw<ArgumentException>(app.UseSessionStore).Message.ShouldContain("SESSION_SQL_TABLE");
    }

    [TestCase("SESSION_SQLALCHEMY_SCHEMA")]
    [TestCase("SESSION_SQL_SCHEMA")]
    public void UseSessionStore_SchemaOnSqlite_ThrowsNamingTheKeyAndTheFix(string key)
    {
        var app = NewApp(("SESSION_TYPE", "sqlalchemy"), ("SESSION_SQL_URL", "Data Source=:memory:"), (key, "web"));

        Should.Throw<InvalidOperationException>(app.UseSessionStore).Message
            .ShouldSatisfyAllConditions(m => m.ShouldContain("SESSION_SQLALCHEMY_SCHEMA"), m => m.ShouldContain("SQLite"), m => m.ShouldContain("remove SESSION_SQLALCHEMY_SCHEMA"));
    }

    [Test]
    public void UseSessionStore_SchemaOnPostgreSql_QualifiesTheTable()
    {
        var app = NewApp(("SESSION_TYPE", "sqlalchemy"), ("SESSION_SQL_URL", "Host=127.0.0.1;Port=1;Database=x"), ("SESSION_SQLALCHEMY_TABLE", "web_sessions"), ("SESSION_SQLALCHEMY_SCHEMA", "web"));

        app.UseSessionStore();

        ((SqlSessionStore)((SqlSessionInterface)app.SessionInterface).Store).Table.ShouldBe("web.web_sessions");
    }

    [TestCase("web; DROP TABLE users")]
    [TestCase("we\"b")]
    public void UseSessionStore_SchemaNotAnIdentifier_ThrowsNamingTheKey(string schema)
    {
        var app = NewApp(("SESSION_TYPE", "sqlalchemy"), ("SESSION_SQL_URL", "Host=127.0.0.1;Port=1;Database=x"), ("SESSION_SQLALCHEMY_SCHEMA", schema));

        Should.Throw<InvalidOperationException>(app.UseSessionStore).Message.ShouldContain("SESSION_SQLALCHEMY_SCHEMA");
    }

    [Test]
    public void UseSessionStore_Sequence_WarnsThatItIsIgnored()
    {
        var logs = new MicroFlask.TestSupport.ListLoggerProvider();
        var app = NewApp(("SESSION_TYPE", "sqlalchemy"), ("SESSION_SQL_URL", "Data Source=:memory:"), ("SESSION_SQLALCHEMY_SEQUENCE", "session_id_seq"));
        app.LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder.AddProvider(logs));

        app.UseSessionStore();

        logs.Entries.ShouldContain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning
            && e.Message.StartsWith("SESSION_SQLALCHEMY_SEQUENCE is \"session_id_seq\" and is ignored", StringComparison.Ordinal));
    }

    [Test]
    public async Task UseSessionStore_SqliteFromConfig_ServesSessions()
    {
        var path = Path.Combine(Path.GetTempPath(), "microflask-use-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            var app = SessionTestApp.Create(new NullSessionInterface());
            app.Config["SESSION_TYPE"] = "sqlalchemy";
            app.Config["SESSION_SQL_URL"] = $"Data Source={path}";
            app.UseSessionStore();
            var client = app.TestClient();
            await client.GetAsync("/set/user/alice");

            (await client.GetAsync("/get/user")).Text.ShouldBe("alice");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    private static App NewApp(params (string Key, object? Value)[] config)
    {
        var app = new App("tests") { LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance };
        app.SecretKey = SessionTestApp.SecretKey;
        foreach (var (key, value) in config) app.Config[key] = value;
        return app;
    }
}
