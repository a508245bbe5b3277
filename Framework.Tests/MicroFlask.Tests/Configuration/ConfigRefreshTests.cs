namespace MicroFlask.Tests.Configuration;

/// <summary>The values the app caches from its config follow every change, and a bad value is refused at once.</summary>
public class ConfigRefreshTests
{
    private static App AppWithLimit()
    {
        var app = TestApp.Create(a => a.Config["MAX_CONTENT_LENGTH"] = 10);
        app.Route("/", () => Request.Current.Data.Length.ToString(), methods: ["POST"]);
        return app;
    }

    [Test]
    public async Task Remove_MaxContentLength_LiftsTheLimit()
    {
        var app = AppWithLimit();

        app.Config.Remove("MAX_CONTENT_LENGTH");

        (await app.TestClient().PostAsync("/", data: new byte[20], contentType: "application/octet-stream")).StatusCode.ShouldBe(200);
    }

    [Test]
    public async Task RemovePair_MaxContentLength_LiftsTheLimit()
    {
        var app = AppWithLimit();

        ((ICollection<KeyValuePair<string, object?>>)app.Config).Remove(new("MAX_CONTENT_LENGTH", 10));

        (await app.TestClient().PostAsync("/", data: new byte[20], contentType: "application/octet-stream")).StatusCode.ShouldBe(200);
    }

    [Test]
    public async Task Clear_LiftsTheLimit()
    {
        var app = AppWithLimit();

        app.Config.Clear();

        (await app.TestClient().PostAsync("/", data: new byte[20], contentType: "application/octet-stream")).StatusCode.ShouldBe(200);
    }

    [Test]
    public void Set_MaxFormPartsNotANumber_ThrowsNamingTheKeyAndTheType()
    {
        var app = TestApp.Create();

        var error = Should.Throw<ArgumentException>(() => app.Config["MAX_FORM_PARTS"] = "lots");

        error.Message.ShouldContain("MAX_FORM_PARTS must be an integer");
        error.Message.ShouldContain("\"lots\"");
    }

    [Test]
    public void Set_MaxFormPartsNotANumber_KeepsTheOldValue()
    {
        var app = TestApp.Create();

        Should.Throw<ArgumentException>(() => app.Config["MAX_FORM_PARTS"] = "lots");

        app.Config["MAX_FORM_PARTS"].ShouldBe(1_000L);
    }

    [Test]
    public async Task Set_AfterARefusedValue_StillWorks()
    {
        var app = TestApp.Create();
        app.Route("/", () => "ok", methods: ["POST"]);
        Should.Throw<ArgumentException>(() => app.Config["MAX_FORM_PARTS"] = "lots");

        app.Config["MAX_CONTENT_LENGTH"] = 5;

        (await app.TestClient().PostAsync("/", data: new byte[6], contentType: "application/octet-stream")).StatusCode.ShouldBe(413);
    }

    [Test]
    public void Set_LifetimeNotADuration_ThrowsNamingTheKeyAndTheType()
    {
        var error = Should.Throw<ArgumentException>(() => new Config()["PERMANENT_SESSION_LIFETIME"] = "a month");

        error.Message.ShouldContain("PERMANENT_SESSION_LIFETIME must be a duration");
    }

    [TestCase("MAX_FORM_PARTS", "20", 20L)]
    [TestCase("MAX_FORM_PARTS", 20, 20L)]
    [TestCase("MAX_CONTENT_LENGTH", 1024L, 1024L)]
    public void Set_TypedKeyWithAValidValue_IsReadBack(string key, object value, long expected)
    {
        var config = new Config();

        config[key] = value;

        config.GetLong(key).ShouldBe(expected);
    }

    [Test]
    public void GetLong_UserKeyNotANumber_ThrowsNamingTheKey()
    {
        var config = new Config { ["MY_LIMIT"] = "many" };

        Should.Throw<InvalidOperationException>(() => config.GetLong("MY_LIMIT")).Message.ShouldContain("MY_LIMIT must be an integer");
    }

    [Test]
    public void FromPrefixedEnv_BadTypedValue_ThrowsNamingTheKey()
    {
        var environment = new Dictionary<string, string> { ["MICROFLASK_MAX_FORM_PARTS"] = "lots" };

        Should.Throw<ArgumentException>(() => new Config().FromPrefixedEnv("MICROFLASK", environment)).Message.ShouldContain("MAX_FORM_PARTS");
    }
}
