using Microsoft.Extensions.Logging.Abstractions;

namespace MicroFlask.Templating.Tests;

/// <summary>
/// The one setup helper: an app rooted in a fresh temporary folder whose templates/ holds the given files, with the
/// default signed-cookie session and exceptions propagating to the test.
/// </summary>
internal sealed class TemplateApp : IDisposable
{
    private TemplateApp(string root, App app)
    {
        Root = root;
        App = app;
    }

    public string Root { get; }

    public App App { get; }

    public static TemplateApp Create(params (string Name, string Source)[] templates)
    {
        var root = Directory.CreateTempSubdirectory("microflask-templates-").FullName;
        var app = new App("templates-tests") { LoggerFactory = NullLoggerFactory.Instance, RootPath = root, Testing = true };
        app.SecretKey = "test-secret-key";
        var fixture = new TemplateApp(root, app);
        foreach (var (name, source) in templates) fixture.Write("templates/" + name, source);
        return fixture;
    }

    /// <summary>Writes <paramref name="source"/> at <paramref name="relativePath"/> under the root, with a modification time that always moves forward.</summary>
    public void Write(string relativePath, string source)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var previous = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        File.WriteAllText(path, source);
        // File systems with coarse timestamps could give a rewrite the same time; reloading must still see it.
        if (File.GetLastWriteTimeUtc(path) <= previous) File.SetLastWriteTimeUtc(path, previous.AddSeconds(1));
    }

    /// <summary>Serves <paramref name="view"/> at "/" and returns the page it renders.</summary>
    public async Task<string> GetAsync(Delegate view, string url = "/")
    {
        App.Route(url.Split('?')[0], view);
        var response = await App.TestClient().GetAsync(url);
        return response.Text;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
