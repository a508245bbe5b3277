using MicroFlask.Hosting;

namespace MicroFlask.Tests.Hosting;

public class ProjectRootTests
{
    private static readonly string Project = Path.GetTempPath();
    private const string Output = "/app/bin";

    private static Func<string, string?> Environment(string? dotnet = null, string? aspnet = null) =>
        name => name switch
        {
            "DOTNET_ENVIRONMENT" => dotnet,
            "ASPNETCORE_ENVIRONMENT" => aspnet,
            _ => null,
        };

    [TestCase("Development", null)]
    [TestCase("development", null)]
    [TestCase(null, "Development")]
    public void Resolve_DevelopmentEnvironment_IsProjectFolder(string? dotnet, string? aspnet) =>
        ProjectRoot.Resolve(Project, debug: false, Environment(dotnet, aspnet), Output).ShouldBe(Project);

    [Test]
    public void Resolve_Debug_IsProjectFolder() =>
        ProjectRoot.Resolve(Project, debug: true, Environment(), Output).ShouldBe(Project);

    [TestCase(null)]
    [TestCase("Production")]
    public void Resolve_NotDeveloping_IsOutputFolder(string? dotnet) =>
        ProjectRoot.Resolve(Project, debug: false, Environment(dotnet), Output).ShouldBe(Output);

    [Test]
    public void Resolve_ProjectFolderGone_IsOutputFolder() =>
        ProjectRoot.Resolve(Path.Combine(Project, Guid.NewGuid().ToString("N")), debug: true, Environment(), Output).ShouldBe(Output);

    [Test]
    public void Resolve_NoProjectFolder_IsOutputFolder() =>
        ProjectRoot.Resolve(null, debug: true, Environment("Development"), Output).ShouldBe(Output);

    [Test]
    public void ProjectDirectoryOf_AssemblyWithoutMetadata_IsNull() =>
        ProjectRoot.ProjectDirectoryOf(typeof(ProjectRootTests).Assembly).ShouldBeNull();

    [Test]
    public void RootPath_UnderTestHost_IsOutputFolder() =>
        new App("root").RootPath.ShouldBe(System.AppContext.BaseDirectory);

    [Test]
    public void RootPath_Set_WinsOverDefault()
    {
        var app = new App("root") { Debug = true, RootPath = "/somewhere" };
        app.RootPath.ShouldBe("/somewhere");
    }
}
