using Amazon.DynamoDBv2;
using MicroFlask.Sessions.DynamoDb;

namespace MicroFlask.Sessions.Tests.DynamoDb;

/// <summary>How the DynamoDB interface is built from SESSION_TYPE "dynamodb" and its keys.</summary>
public sealed class DynamoDbSessionInterfaceTests
{
    [Test]
    public void UseSessionStore_TypeDynamoDb_InstallsTheDynamoDbInterface()
    {
        var app = CreateApp("http://127.0.0.1:1");

        app.UseSessionStore();

        app.SessionInterface.ShouldBeOfType<DynamoDbSessionInterface>();
    }

    [Test]
    public void UseSessionStore_NoTable_UsesFlaskSessionsDefault()
    {
        var app = CreateApp("http://127.0.0.1:1");

        app.UseSessionStore();

        StoreOf(app).Table.ShouldBe("Sessions");
    }

    [Test]
    public void UseSessionStore_Table_IsUsed()
    {
        var app = CreateApp("http://127.0.0.1:1");
        app.Config["SESSION_DYNAMODB_TABLE"] = "web_sessions";

        app.UseSessionStore();

        StoreOf(app).Table.ShouldBe("web_sessions");
    }

    [Test]
    public void UseSessionStore_EndpointUrl_IsTheClientsServiceUrl()
    {
        var app = CreateApp("http://127.0.0.1:1");

        app.UseSessionStore();

        StoreOf(app).Client.Config.ServiceURL.ShouldStartWith("http://127.0.0.1:1");
    }

    [Test]
    public void UseSessionStore_StoreTimeout_IsTheSdksTimeout()
    {
        var app = CreateApp("http://127.0.0.1:1");
        app.Config["SESSION_STORE_TIMEOUT"] = TimeSpan.FromSeconds(2);

        app.UseSessionStore();

        StoreOf(app).Client.Config.Timeout.ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Test]
    public void UseSessionStore_AClient_UsesIt()
    {
        using var client = DynamoDbTestClient.Create("http://127.0.0.1:1");
        var app = CreateApp(client);

        app.UseSessionStore();

        StoreOf(app).Client.ShouldBeSameAs(client);
    }

    [TestCase("127.0.0.1:8000")]
    [TestCase("ftp://127.0.0.1:8000")]
    public void UseSessionStore_NotAnEndpointUrl_ThrowsNamingTheKey(string value)
    {
        var app = CreateApp(value);

        Should.Throw<InvalidOperationException>(app.UseSessionStore).Message.ShouldContain("SESSION_DYNAMODB");
    }

    [Test]
    public void UseSessionStore_NoDynamoDbSetting_ThrowsNamingTheKey()
    {
        var app = CreateApp(null);

        Should.Throw<InvalidOperationException>(app.UseSessionStore).Message.ShouldContain("SESSION_DYNAMODB is not set");
    }

    private static App CreateApp(object? dynamoDb)
    {
        var app = new App("dynamodb-config") { LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance };
        app.Config["SESSION_TYPE"] = "dynamodb";
        if (dynamoDb is not null) app.Config["SESSION_DYNAMODB"] = dynamoDb;
        return app;
    }

    private static DynamoDbSessionStore StoreOf(App app) => (DynamoDbSessionStore)((DynamoDbSessionInterface)app.SessionInterface).Store;
}
