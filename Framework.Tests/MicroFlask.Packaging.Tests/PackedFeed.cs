namespace MicroFlask.Packaging.Tests;

/// <summary>
/// Packs the packages under test once for every fixture here, as a developer would, into a temporary folder with a
/// version no earlier run used: even a NuGet cache that saw another build of MicroFlask cannot serve this one.
/// </summary>
[SetUpFixture]
public sealed class PackedFeed
{
    internal static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The temporary folder holding the feed, the private package folder and the test projects.</summary>
    internal static string Work { get; private set; } = "";

    /// <summary>The folder the packages were packed into.</summary>
    internal static string Folder { get; private set; } = "";

    /// <summary>The version every package was packed with.</summary>
    internal static string Version { get; private set; } = "";

    /// <summary>A package folder of this run's own (NUGET_PACKAGES), so that its builds never land in the user's cache.</summary>
    internal static string NuGetPackages => Path.Combine(Work, "nuget-packages");

    // The projects packed, from the repository root; the templates pack last, with the version of the others.
    private static readonly string[] Projects =
    [
        "Framework/MicroFlask/MicroFlask.csproj",
        "Framework/MicroFlask.Templating/MicroFlask.Templating.csproj",
#if MICROFLASK_ASPNET_TEMPLATE
        "Framework/MicroFlask.AspNetCore/MicroFlask.AspNetCore.csproj",
#endif
        "packaging/templates/MicroFlask.Templates.csproj",
    ];

    [OneTimeSetUp]
    public async Task PackAsync()
    {
        Work = Path.Combine(Path.GetTempPath(), "microflask-pack-" + Guid.NewGuid().ToString("N"));
        Folder = Directory.CreateDirectory(Path.Combine(Work, "feed")).FullName;
        Version = "0.2.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Environment.ProcessId;

        // With the developer's package folder: the packed projects' own restore is untouched.
        foreach (var project in Projects)
        {
            await DotnetCli.RunAsync(Work, CleanEnvironment(), StepTimeout,
                "pack", Path.Combine(Repository.Root, project), "-c", "Release", "-o", Folder,
                "-p:Version=" + Version, "-p:UseSharedCompilation=false", "-nologo");
        }
    }

    [OneTimeTearDown]
    public void RemoveWorkFolder()
    {
        try
        {
            if (Work.Length > 0) Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not turn a passing run red; the folder is in the temp directory.
        }
    }

    /// <summary>The environment of a child dotnet: no telemetry, no build servers, none of the test host's MSBuild variables.</summary>
    internal static Dictionary<string, string?> CleanEnvironment()
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            // No build servers outliving the step: they would hold its output pipes open.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            // The environment decides where templates are read from; each test sets it when it means to.
            ["DOTNET_ENVIRONMENT"] = null,
            ["ASPNETCORE_ENVIRONMENT"] = null,
        };
        // The test host may carry MSBuild variables of the build that started it; a child build finds its SDK afresh.
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) && !environment.ContainsKey(name)) environment[name] = null;
        }
        return environment;
    }

    /// <summary><see cref="CleanEnvironment"/> with this run's private package folder.</summary>
    internal static Dictionary<string, string?> PrivatePackagesEnvironment()
    {
        var environment = CleanEnvironment();
        environment["NUGET_PACKAGES"] = NuGetPackages;
        return environment;
    }
}
