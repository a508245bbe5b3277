using System.Text.RegularExpressions;

namespace MicroFlask.Packaging.Tests;

/// <summary>
/// The packed MicroFlask.Templates, as a user meets it: installed into a temporary template hive, then
/// <c>dotnet new microflask</c> in a folder that knows nothing of this repository, built, and its own tests run against
/// the packages of <see cref="PackedFeed"/> found through the nuget.config the template wrote.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class TemplatePackageTests
{
    private string _hive = "";
    private string _created = "";

    [OneTimeSetUp]
    public async Task InstallTemplatesAsync()
    {
        _hive = Path.Combine(PackedFeed.Work, "template-hive");
        var package = Path.Combine(PackedFeed.Folder, $"MicroFlask.Templates.{PackedFeed.Version}.nupkg");
        await DotnetCli.RunAsync(PackedFeed.Work, PackedFeed.CleanEnvironment(), PackedFeed.StepTimeout,
            "new", "install", package, "--debug:custom-hive", _hive);
        _created = await CreateAsync("microflask", "MyApp");
    }

    [Test]
    [CancelAfter(15 * 60 * 1000)]
    public async Task Microflask_Created_BuildsAndPassesItsTests()
    {
        var environment = PackedFeed.PrivatePackagesEnvironment();
        await DotnetCli.RunAsync(_created, environment, PackedFeed.StepTimeout, "build", "-p:UseSharedCompilation=false", "-nologo");

        var output = await DotnetCli.RunAsync(_created, environment, PackedFeed.StepTimeout, "test", "--no-build", "-nologo");

        ShouldHavePassed(output);
    }

    [Test]
    public void Microflask_Created_HasLoginAppTemplateAndTests() =>
        _created.ShouldSatisfyAllConditions(
            () => File.ReadAllText(Path.Combine(_created, "MyApp", "WebApp.cs")).ShouldContain("app.Route(\"/login\""),
            () => File.Exists(Path.Combine(_created, "MyApp", "templates", "index.html")).ShouldBeTrue(),
            () => File.ReadAllText(Path.Combine(_created, "MyApp.Tests", "WebAppTests.cs")).ShouldContain(".TestClient()"),
            () => File.ReadAllText(Path.Combine(_created, "MyApp", "MyApp.csproj")).ShouldContain($"Version=\"{PackedFeed.Version}\""));

    [Test]
    public void Microflask_ByDefault_NuGetConfigAddsPackedFolder() =>
        File.ReadAllText(Path.Combine(_created, "nuget.config")).ShouldContain($"value=\"{PackedFeed.Folder}\"");

    [Test]
    public async Task Microflask_FeedGiven_NuGetConfigAddsIt()
    {
        var feed = Path.Combine(PackedFeed.Work, "another-feed");

        var created = await CreateAsync("microflask", "WithFeed", "--feed", feed);

        File.ReadAllText(Path.Combine(created, "nuget.config")).ShouldContain($"value=\"{feed}\"");
    }

    [Test]
    public async Task Microflask_EmptyFeed_WritesNoNuGetConfig()
    {
        var created = await CreateAsync("microflask", "NoFeed", "--feed", "");

        File.Exists(Path.Combine(created, "nuget.config")).ShouldBeFalse();
    }

#if MICROFLASK_ASPNET_TEMPLATE
    [Test]
    [CancelAfter(15 * 60 * 1000)]
    public async Task MicroflaskAspNet_Created_BuildsAndPassesItsTests()
    {
        var created = await CreateAsync("microflask-aspnet", "MyWeb");
        var environment = PackedFeed.PrivatePackagesEnvironment();
        await DotnetCli.RunAsync(created, environment, PackedFeed.StepTimeout, "build", "-p:UseSharedCompilation=false", "-nologo");

        var output = await DotnetCli.RunAsync(created, environment, PackedFeed.StepTimeout, "test", "--no-build", "-nologo");

        ShouldHavePassed(output);
    }
#endif

    private async Task<string> CreateAsync(string template, string name, params string[] options)
    {
        var folder = Path.Combine(PackedFeed.Work, name);
        await DotnetCli.RunAsync(PackedFeed.Work, PackedFeed.CleanEnvironment(), PackedFeed.StepTimeout,
            ["new", template, "-o", folder, "--debug:custom-hive", _hive, .. options]);
        return folder;
    }

    // VSTest's summary line: "Passed!  - Failed:     0, Passed:     6, Skipped:     0, Total:     6".
    private static void ShouldHavePassed(string output)
    {
        var summary = TestSummary().Match(output);
        summary.Success.ShouldBeTrue($"no test summary in:\n{output}");
        summary.ShouldSatisfyAllConditions(
            () => summary.Groups["failed"].Value.ShouldBe("0"),
            () => int.Parse(summary.Groups["passed"].Value).ShouldBeGreaterThan(0, output));
    }

    [GeneratedRegex(@"Passed!\s+-\s+Failed:\s+(?<failed>\d+),\s+Passed:\s+(?<passed>\d+)")]
    private static partial Regex TestSummary();
}
