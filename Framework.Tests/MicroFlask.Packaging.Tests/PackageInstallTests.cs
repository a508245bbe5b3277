using System.IO.Compression;

namespace MicroFlask.Packaging.Tests;

/// <summary>
/// The packed core works for a user: packed into a local folder (<see cref="PackedFeed"/>), installed into a new
/// console project that knows nothing of this repository, and run as a hello app through both the test client and
/// a real server; its templates/ and static/ folders work with no csproj line, read from the project in Development.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PackageInstallTests
{
    private static string Package => Path.Combine(PackedFeed.Folder, $"MicroFlask.{PackedFeed.Version}.nupkg");

    [Test]
    [CancelAfter(10 * 60 * 1000)]
    public async Task PackedCore_InstalledInFreshProject_ServesHello()
    {
        var app = Directory.CreateDirectory(Path.Combine(PackedFeed.Work, "app")).FullName;
        WriteConsoleProject(app, PackedFeed.Folder, PackedFeed.Version);

        var output = await DotnetCli.RunAsync(app, PackedFeed.PrivatePackagesEnvironment(), PackedFeed.StepTimeout,
            "run", "-c", "Release", "-p:UseSharedCompilation=false");

        output.ShouldSatisfyAllConditions(
            () => output.ShouldContain("test client: 200 Hello"),
            () => output.ShouldContain("server: 200 Hello"),
            // Only the copies in the output exist for an app outside Development: the package's targets made them.
            () => output.ShouldContain("template: 200 Hello ann, from a template"),
            () => output.ShouldContain("static: 200 a static file"));

        // In Development the project folder is read: an edit shows without a rebuild.
        File.WriteAllText(Path.Combine(app, "templates", "hello.html"), "Edited for {{ name }}");
        var environment = PackedFeed.PrivatePackagesEnvironment();
        environment["DOTNET_ENVIRONMENT"] = "Development";
        var developing = await DotnetCli.RunAsync(app, environment, PackedFeed.StepTimeout, "run", "--no-build", "-c", "Release");

        developing.ShouldContain("template: 200 Edited for ann");
    }

    [TestCase("README.md")]
    [TestCase("LICENSE")]
    [TestCase("lib/net10.0/MicroFlask.dll")]
    [TestCase("lib/net10.0/MicroFlask.xml")]
    [TestCase("build/MicroFlask.targets")]
    public void Package_Contains_File(string entry)
    {
        using var package = ZipFile.OpenRead(Package);
        package.Entries.Select(e => e.FullName).ShouldContain(entry);
    }

    [Test]
    public void Package_Nuspec_NamesLicenseReadmeAndRepository()
    {
        using var package = ZipFile.OpenRead(Package);
        using var reader = new StreamReader(package.GetEntry("MicroFlask.nuspec")!.Open());
        var nuspec = reader.ReadToEnd();

        nuspec.ShouldSatisfyAllConditions(
            () => nuspec.ShouldContain("<license type=\"expression\">MIT</license>"),
            () => nuspec.ShouldContain("<readme>README.md</readme>"),
            () => nuspec.ShouldContain("<repository type=\"git\""));
    }

    [Test]
    public void Pack_WritesSymbolPackage() =>
        File.Exists(Path.Combine(PackedFeed.Folder, $"MicroFlask.{PackedFeed.Version}.snupkg")).ShouldBeTrue();

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
                <packageSource key="local"><package pattern="MicroFlask" /><package pattern="MicroFlask.*" /></packageSource>
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
                <PackageReference Include="MicroFlask.Templating" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        // Flask's layout, and nothing in the csproj about it.
        Directory.CreateDirectory(Path.Combine(folder, "templates"));
        File.WriteAllText(Path.Combine(folder, "templates", "hello.html"), "Hello {{ name }}, from a template");
        Directory.CreateDirectory(Path.Combine(folder, "static"));
        File.WriteAllText(Path.Combine(folder, "static", "hello.txt"), "a static file");
        File.WriteAllText(Path.Combine(folder, "Program.cs"), """
            using MicroFlask;
            using static MicroFlask.Templating.Templates;

            var app = new App("hello-package");
            app.Route("/", () => "Hello");
            app.Route("/hello/<name>", (string name) => RenderTemplate("hello.html", new { name }));

            var client = app.TestClient();
            var viaClient = await client.GetAsync("/");
            Console.WriteLine($"test client: {viaClient.StatusCode} {viaClient.Text}");
            var page = await client.GetAsync("/hello/ann");
            Console.WriteLine($"template: {page.StatusCode} {page.Text}");
            var file = await client.GetAsync("/static/hello.txt");
            Console.WriteLine($"static: {file.StatusCode} {file.Text}");

            await using var server = await app.StartAsync("127.0.0.1", 0);
            using var http = new HttpClient();
            var viaServer = await http.GetAsync(server.Url + "/");
            Console.WriteLine($"server: {(int)viaServer.StatusCode} {await viaServer.Content.ReadAsStringAsync()}");
            """);
    }
}
