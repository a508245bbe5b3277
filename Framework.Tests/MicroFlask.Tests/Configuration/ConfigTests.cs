namespace MicroFlask.Tests.Configuration;

public class ConfigTests
{
    [Test]
    public void Defaults_AreFlasks()
    {
        var config = new Config();

        config["SESSION_COOKIE_NAME"].ShouldBe("session");
        config["SESSION_COOKIE_HTTPONLY"].ShouldBe(true);
        config["PERMANENT_SESSION_LIFETIME"].ShouldBe(TimeSpan.FromDays(31));
        config["APPLICATION_ROOT"].ShouldBe("/");
        config["SECRET_KEY"].ShouldBeNull();
        config["SESSION_REFRESH_EACH_REQUEST"].ShouldBe(true);
    }

    [Test]
    public void FromPrefixedEnv_ParsesJsonValuesAndKeepsStrings()
    {
        var config = new Config().FromPrefixedEnv("MICROFLASK", new Dictionary<string, string>
        {
            ["MICROFLASK_SECRET_KEY"] = "s3cret",
            ["MICROFLASK_MAX_CONTENT_LENGTH"] = "1024",
            ["MICROFLASK_DEBUG"] = "true",
            ["MICROFLASK_DB__HOST"] = "db.local",
            ["OTHER_KEY"] = "ignored",
        });

        config["SECRET_KEY"].ShouldBe("s3cret");
        config["MAX_CONTENT_LENGTH"].ShouldBe(1024L);
        config["DEBUG"].ShouldBe(true);
        ((IDictionary<string, object?>)config["DB"]!)["HOST"].ShouldBe("db.local");
        config.ContainsKey("OTHER_KEY").ShouldBeFalse();
    }

    [Test]
    public void FromJsonFile_LoadsKeys()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "{\"SECRET_KEY\": \"from-file\", \"PERMANENT_SESSION_LIFETIME\": 3600}");

        var config = new Config().FromJsonFile(path);

        config["SECRET_KEY"].ShouldBe("from-file");
        config.GetTimeSpan("PERMANENT_SESSION_LIFETIME").ShouldBe(TimeSpan.FromHours(1));
        File.Delete(path);
    }

    [Test]
    public void FromJsonFile_Missing_ThrowsUnlessOptional()
    {
        Should.Throw<FileNotFoundException>(() => new Config().FromJsonFile("/nonexistent/config.json"));
        Should.NotThrow(() => new Config().FromJsonFile("/nonexistent/config.json", optional: true));
    }

    [Test]
    public void App_ConfigChange_UpdatesPermanentSessionLifetime()
    {
        var app = TestApp.Create();

        app.Config["PERMANENT_SESSION_LIFETIME"] = 60;

        app.PermanentSessionLifetime.ShouldBe(TimeSpan.FromMinutes(1));
    }
}
