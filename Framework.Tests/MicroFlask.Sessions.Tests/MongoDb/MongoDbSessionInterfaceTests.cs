using MicroFlask.Sessions.MongoDb;

namespace MicroFlask.Sessions.Tests.MongoDb;

/// <summary>How the MongoDB interface is built from SESSION_TYPE "mongodb" and its keys.</summary>
[External]
public sealed class MongoDbSessionInterfaceTests
{
    [Test]
    public void UseSessionStore_TypeMongoDb_InstallsTheMongoDbInterface()
    {
        var app = CreateApp("mongodb://127.0.0.1:1");

        app.UseSessionStore();

        app.SessionInterface.ShouldBeOfType<MongoDbSessionInterface>();
    }

    [Test]
    public void UseSessionStore_NoDatabaseOrCollection_UsesFlaskSessionDefaults()
    {
        var app = CreateApp("mongodb://127.0.0.1:1");

        app.UseSessionStore();

        StoreOf(app).Collection.CollectionNamespace.FullName.ShouldBe("flask_session.sessions");
    }

    [Test]
    public void UseSessionStore_DatabaseAndCollection_AreUsed()
    {
        var app = CreateApp("mongodb://127.0.0.1:1");
        app.Config["SESSION_MONGODB_DB"] = "app";
        app.Config["SESSION_MONGODB_COLLECT"] = "web_sessions";

        app.UseSessionStore();

        StoreOf(app).Collection.CollectionNamespace.FullName.ShouldBe("app.web_sessions");
    }

    [Test]
    public async Task UseSessionStore_AClient_UsesIt()
    {
        var client = await MongoDbTestClient.GetAsync();
        var app = CreateApp(client);

        app.UseSessionStore();

        StoreOf(app).Collection.Database.Client.ShouldBeSameAs(client);
    }

    [Test]
    public void UseSessionStore_SessionMongoDbMissing_ThrowsNamingTheKey()
    {
        var app = CreateApp(null);

        Should.Throw<InvalidOperationException>(() => app.UseSessionStore()).Message.ShouldContain("SESSION_MONGODB is not set");
    }

    private static MongoDbSessionStore StoreOf(App app) => (MongoDbSessionStore)((MongoDbSessionInterface)app.SessionInterface).Store;

    private static App CreateApp(object? sessionMongoDb)
    {
        var app = new App("mongodb-config-tests") { LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance };
        app.Config["SESSION_TYPE"] = "mongodb";
        app.Config["SESSION_MONGODB"] = sessionMongoDb;
        return app;
    }
}
