using MicroFlask.Hosting;
using Microsoft.Extensions.Configuration;

namespace MicroFlask.Tests.Configuration;

public class ConfigFromConfigurationTests
{
    private static IConfiguration InMemory(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();

    [Test]
    public void FromConfiguration_Values_AreReadAsFromPrefixedEnvReadsThem()
    {
        var config = new Config();

        config.FromConfiguration(InMemory(("SECRET_KEY", "s3cret"), ("MAX_CONTENT_LENGTH", "1024"), ("TESTING", "true")));

        new[] { config["SECRET_KEY"], config["MAX_CONTENT_LENGTH"], config["TESTING"] }.ShouldBe(["s3cret", 1024L, true]);
    }

    [Test]
    public void FromConfiguration_NestedSection_BecomesADictionary()
    {
        var config = new Config();

        config.FromConfiguration(InMemory(("DB:HOST", "localhost"), ("DB:PORT", "5432")));

        config["DB"].ShouldBe(new Dictionary<string, object?> { ["HOST"] = "localhost", ["PORT"] = 5432L });
    }

    [Test]
    public void FromConfiguration_ArraySection_BecomesAList()
    {
        var config = new Config();

        config.FromConfiguration(InMemory(("SECRET_KEY_FALLBACKS:1", "older"), ("SECRET_KEY_FALLBACKS:0", "old")));

        config.GetStringList("SECRET_KEY_FALLBACKS").ShouldBe(["old", "older"]);
    }

    [Test]
    public void FromConfiguration_InvalidTypedValue_FailsNamingTheKey()
    {
        var config = new Config();

        Should.Throw<ArgumentException>(() => config.FromConfiguration(InMemory(("MAX_CONTENT_LENGTH", "lots")))).Message.ShouldContain("MAX_CONTENT_LENGTH");
    }

    [Test]
    public void FromAppSettings_LayersEnvironmentFileThenVariablesOverTheBaseFile()
    {
        var folder = Directory.CreateTempSubdirectory("microflask-appsettings-").FullName;
        var variable = "MicroFlask__LAYER_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var key = variable["MicroFlask__".Length..];
        try
        {
            File.WriteAllText(Path.Combine(folder, "appsettings.json"),
                $$"""{ "MicroFlask": { "SECRET_KEY": "base", "SESSION_COOKIE_NAME": "base", "{{key}}": "base" }, "Other": { "SECRET_KEY": "no" } }""");
            File.WriteAllText(Path.Combine(folder, "appsettings.Staging.json"),
                $$"""{ "MicroFlask": { "SESSION_COOKIE_NAME": "staging", "{{key}}": "staging" } }""");
            Environment.SetEnvironmentVariable(variable, "environment");
            var config = new Config();

            config.FromAppSettings(basePath: folder, environment: "Staging");

            (config["SECRET_KEY"], config["SESSION_COOKIE_NAME"], config[key]).ShouldBe(("base", "staging", "environment"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void FromAppSettings_NoFiles_LeavesTheDefaults()
    {
        var folder = Directory.CreateTempSubdirectory("microflask-appsettings-").FullName;
        try
        {
            var config = new Config().FromAppSettings(basePath: folder, environment: "Production");

            config["SESSION_COOKIE_NAME"].ShouldBe("session");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void FromPrefixedEnv_WholeNumber_StaysAnInteger()
    {
        var config = new Config();

        config.FromPrefixedEnv(environment: new System.Collections.Hashtable { ["MICROFLASK_PAGE_SIZE"] = "20" });

        config["PAGE_SIZE"].ShouldBeOfType<long>().ShouldBe(20L);
    }

    [TestCase("Staging", "Development", "Staging")]
    [TestCase(null, "Development", "Development")]
    [TestCase(null, null, "Production")]
    public void HostEnvironment_ReadsAspNetCoreThenDotnetThenProduction(string? aspnetcore, string? dotnet, string expected)
    {
        var variables = new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = aspnetcore, ["DOTNET_ENVIRONMENT"] = dotnet };

        HostEnvironment.Resolve(name => variables[name]).ShouldBe(expected);
    }
}
