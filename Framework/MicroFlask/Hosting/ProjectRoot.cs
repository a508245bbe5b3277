using System.Reflection;

namespace MicroFlask.Hosting;

/// <summary>
/// The default <see cref="App.RootPath"/>: the build output, where MicroFlask's build targets copy templates/ and
/// static/; but while developing, the project folder the targets baked into the app's assembly, so that an edited
/// template or style sheet shows without a rebuild (as Flask reads them from the source tree).
/// </summary>
internal static class ProjectRoot
{
    /// <summary>The assembly metadata key written by build/MicroFlask.targets.</summary>
    internal const string MetadataKey = "MicroFlask.ProjectDirectory";

    // The entry assembly is the app being run; under a test host it is the host, which has no such metadata, so
    // tests keep reading the copies in their own output.
    private static readonly string? EntryProjectDirectory = ProjectDirectoryOf(Assembly.GetEntryAssembly());

    /// <summary>The project folder when developing (<paramref name="debug"/>, or a Development environment) and it still exists; else the output folder.</summary>
    internal static string Default(bool debug) =>
        EntryProjectDirectory is null
            ? System.AppContext.BaseDirectory
            : Resolve(EntryProjectDirectory, debug, Environment.GetEnvironmentVariable, System.AppContext.BaseDirectory);

    internal static string Resolve(string? projectDirectory, bool debug, Func<string, string?> environment, string outputDirectory)
    {
        var developing = debug || IsDevelopment(environment("DOTNET_ENVIRONMENT")) || IsDevelopment(environment("ASPNETCORE_ENVIRONMENT"));
        // A published app run with Development on another machine has no project folder: the output is all there is.
        return developing && projectDirectory is not null && Directory.Exists(projectDirectory) ? projectDirectory : outputDirectory;
    }

    internal static string? ProjectDirectoryOf(Assembly? assembly) =>
        assembly?.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == MetadataKey)?.Value is { Length: > 0 } folder
            ? folder
            : null;

    // The host's own comparison: the environment name is case-insensitive.
    private static bool IsDevelopment(string? name) => string.Equals(name, "Development", StringComparison.OrdinalIgnoreCase);
}
