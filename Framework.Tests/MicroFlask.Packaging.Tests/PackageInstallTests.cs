using System.IO.Compression;

namespace MicroFlask.Packaging.Tests;

/// <summary>
/// The packed core works for a user: packed into a local folder, installed into a new console project that
/// knows nothing of this repository, and run as a hello app through both the test client and a real server.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PackageInstallTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);
    private string _work = "";
    private string _feed = "";
    private string _version = "";

    [OneTimeSetUp]
    public async Task PackCore()
    {
        _work = Path.Combine(Path.GetTempPath(), "microflask-pack-" + Guid.NewGuid().ToString("N"));
        _feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;
        // A version no earlier run used: even a cache that saw another build of MicroFlask cannot serve this one.
        _version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Environment.ProcessId;

        // Packed as a developer would, with the developer's package folder (the core's own restore is untouched).
        var core = Path.Combine(Repository.Root, "Framework", "MicroFlask", "MicroFlask.csproj");
        await DotnetAsync(_work, CleanEnvironment(), StepTimeout,
            "pack", core, "-c", "Release", "-o", _feed, "-p:Version=" + _version, "-p:UseSharedCompilation=false", "-nologo");
    }

    [OneTimeTearDown]
    public void RemoveWorkFolder()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not turn a passing test red; the folder is in the temp directory.
        }
    }

    [Test]
    [CancelAfter(10 * 60 * 1000)]
    public async Task PackedCore_InstalledInFreshProject_ServesHello()
    {
        var app = Directory.CreateDirectory(Path.Combine(_work, "app")).FullName;
        WriteConsoleProject(app, _feed, _version);

        // Installed into a private package folder, so this build never lands in the user's NuGet cache.
        var environment = CleanEnvironment();
        environment["NUGET_PACKAGES"] = Path.Combine(_work, "nuget-packages");
        var output = await DotnetAsync(app, environment, StepTimeout, "run", "-c", "Release", "-p:UseSharedCompilation=false");

        output.ShouldContain("test client: 200 Hello");
        output.ShouldContain("server: 200 Hello");
    }

    [TestCase("README.md")]
    [TestCase("LICENSE")]
    [TestCase("lib/net10.0/MicroFlask.dll")]
    [TestCase("lib/net10.0/MicroFlask.xml")]
    public void Package_Contains_File(string entry)
    {
        using var package = ZipFile.OpenRead(Path.Combine(_feed, $"MicroFlask.{_version}.nupkg"));
        package.Entries.Select(e => e.FullName).ShouldContain(entry);
    }

    [Test]
    public void Package_Nuspec_NamesLicenseReadmeAndRepository()
    {
        using var package = ZipFile.OpenRead(Path.Combine(_feed, $"MicroFlask.{_version}.nupkg"));
        using var reader = new StreamReader(package.GetEntry("MicroFlask.nuspec")!.Open());
        var nuspec = reader.ReadToEnd();

        nuspec.ShouldSatisfyAllConditions(
            () => nuspec.ShouldContain("<license type=\"expression\">MIT</license>"),
            () => nuspec.ShouldContain("<readme>README.md</readme>"),
            () => nuspec.ShouldContain("<repository type=\"git\""));
    }

    [Test]
    public void Pack_WritesSymbolPackage() =>
        File.Exists(Path.Combine(_feed, $"MicroFlask.{_version}.snupkg")).ShouldBeTrue();

    private static void WriteConsoleProject(string folder, string feed, string version)
    {
        // The local folder first, then the usual public source for anything the package may pull in.
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="MicroFlask" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, "HelloPackage.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MicroFlask" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), """
            using MicroFlask;

            var app = new App("hello-package");
            app.Route("/", () => "Hello");

            var client = app.TestClient();
            var viaClient = await client.GetAsync("/");
            Console.WriteLine($"test client: {viaClient.StatusCode} {viaClient.Text}");

            await using var server = await app.StartAsync("127.0.0.1", 0);
            using var http = new HttpClient();
            var viaServer = await http.GetAsync(server.Url + "/");
            Console.WriteLine($"server: {(int)viaServer.StatusCode} {await viaServer.Content.ReadAsStringAsync()}");
            """);
    }

    private static Dictionary<string, string?> CleanEnvironment()
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            // No build servers outliving the step: they would hold its output pipes open.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        };
        // The test host may carry MSBuild variables of the build that started it; a child build finds its SDK afresh.
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) && !environment.ContainsKey(name)) environment[name] = null;
        }
        return environment;
    }

    /// <summary>Runs the dotnet CLI; its output, or an exception holding the output when it fails.</summary>
    private static async Task<string> DotnetAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("dotnet", arguments, timeout, workingDirectory, environment);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.Output}");
        }

        return result.Output;
    }
}
