using System.Collections;
using Microsoft.Data.Sqlite;

namespace MicroFlask.Sessions.Tests.Examples;

public class SqlSessionExampleTests
{
    private string _database = "";

    [SetUp]
    public void ChooseDatabase() => _database = Path.Combine(Path.GetTempPath(), "microflask-example-" + Guid.NewGuid().ToString("N") + ".db");

    [TearDown]
    public void DeleteDatabase()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" }) File.Delete(file);
    }

    [Test]
    public async Task Login_RedirectsToIndex_WhichShowsTheUser()
    {
        var client = CreateApp().TestClient();

        var response = await client.GetAsync("/login?user=alice", followRedirects: true);

        response.Text.ShouldBe("Logged in as alice");
    }

    [Test]
    public async Task Index_OnASecondInstanceOfTheApp_ShowsTheUser()
    {
        var first = CreateApp().TestClient();
        await first.GetAsync("/login?user=bob");
        var second = CreateApp().TestClient();
        second.SetCookie("session", first.GetCookie("session")!);

        (await second.GetAsync("/index")).Text.ShouldBe("Logged in as bob");
    }

    [Test]
    public async Task Logout_ForgetsTheUser()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/login?user=alice");

        var response = await client.GetAsync("/logout", followRedirects: true);

        response.Text.ShouldBe("Not logged in");
    }

    private App CreateApp()
    {
        var app = SqlSessionApp.Create(new Hashtable { ["MICROFLASK_SESSION_SQL_URL"] = $"Data Source={_database}" });
        app.LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        return app;
    }
}
