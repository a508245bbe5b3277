using System.Text.Json;

namespace MicroFlask.Tests.Configuration;

/// <summary>Flask's from_mapping, from_object and from_file (tests/test_config.py): only upper-case names are settings.</summary>
public class ConfigFromObjectTests
{
    private static void ShouldHoldTheTestKeys(Config config)
    {
        config["TEST_KEY"].ShouldBe("foo");
        config["SECRET_KEY"].ShouldBe("config");
    }

    [Test]
    public void FromMapping_Dictionary_CopiesUpperCaseKeys()
    {
        var config = new Config().FromMapping(new Dictionary<string, object?> { ["SECRET_KEY"] = "config", ["TEST_KEY"] = "foo", ["skip_key"] = "skip" });

        ShouldHoldTheTestKeys(config);
        config.ContainsKey("skip_key").ShouldBeFalse();
    }

    [Test]
    public void FromMapping_AnonymousObject_CopiesUpperCaseProperties()
    {
        var config = new Config().FromMapping(new { SECRET_KEY = "config", TEST_KEY = "foo", skip_key = "skip" });

        ShouldHoldTheTestKeys(config);
        config.ContainsKey("skip_key").ShouldBeFalse();
    }

    [Test]
    public void FromMapping_Pairs_AreCopied()
    {
        var config = new Config().FromMapping([new KeyValuePair<string, object?>("SECRET_KEY", "config"), new("TEST_KEY", "foo")]);

        ShouldHoldTheTestKeys(config);
    }

    [Test]
    public void FromMapping_ChangesTheApp()
    {
        var app = TestApp.Create();

        app.Config.FromMapping(new { DEBUG = true });

        app.Debug.ShouldBeTrue();
    }

    private class BaseSettings
    {
        public const string TEST_KEY = "foo";
        public static string Helper => "not a setting";
    }

    private sealed class TestSettings : BaseSettings
    {
        public static readonly string SECRET_KEY = "config";
        public static int MAX_FORM_PARTS { get; } = 10;
    }

    [Test]
    public void FromObject_Type_CopiesUpperCaseStaticMembersInheritedToo()
    {
        var config = new Config().FromObject(typeof(TestSettings));

        ShouldHoldTheTestKeys(config);
        config["MAX_FORM_PARTS"].ShouldBe(10);
        config.ContainsKey("Helper").ShouldBeFalse();
    }

    private sealed class InstanceSettings
    {
        public string SECRET_KEY { get; init; } = "config";
        public string TEST_KEY = "foo";
        public string Lower { get; } = "x";
    }

    [Test]
    public void FromObject_Instance_CopiesUpperCaseMembers()
    {
        var config = new Config().FromObject(new InstanceSettings());

        ShouldHoldTheTestKeys(config);
        config.ContainsKey("Lower").ShouldBeFalse();
    }

    [Test]
    public void FromFile_RelativePath_IsReadFromRootPathWithTheLoader()
    {
        var root = Directory.CreateTempSubdirectory("microflask-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "config.json"), "{\"SECRET_KEY\":\"config\",\"TEST_KEY\":\"foo\",\"lower\":1}");
            var app = TestApp.Create(a => a.RootPath = root);

            app.Config.FromFile("config.json", stream => JsonSerializer.Deserialize<Dictionary<string, object?>>(stream)!
                .ToDictionary(p => p.Key, p => (object?)((JsonElement)p.Value!).ToString()));

            ShouldHoldTheTestKeys(app.Config);
            app.Config.ContainsKey("lower").ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void FromFile_Missing_SaysUnableToLoad()
    {
        var error = Should.Throw<FileNotFoundException>(() => new Config().FromFile("missing.json", _ => []));

        error.Message.ShouldStartWith("Unable to load configuration file");
    }

    [Test]
    public void FromFile_MissingSilent_ChangesNothing()
    {
        var config = new Config();

        config.FromFile("missing.json", _ => throw new InvalidOperationException("not called"), silent: true);

        config["SECRET_KEY"].ShouldBeNull();
    }
}
