namespace MicroFlask.TestSupport;

/// <summary>
/// A temporary app root with a static/ folder, a secret file beside it, and symbolic links pointing out, for every
/// test of static files (through the test client and through Kestrel). Dispose to delete it.
/// </summary>
internal sealed class StaticFolderFixture : IDisposable
{
    public StaticFolderFixture()
    {
        Root = Directory.CreateTempSubdirectory("microflask-static-").FullName;
        Static = Directory.CreateDirectory(Path.Combine(Root, "static")).FullName;
        Directory.CreateDirectory(Path.Combine(Static, "css"));
        File.WriteAllText(Path.Combine(Static, "css", "site.css"), "body { color: red; }");
        File.WriteAllText(Path.Combine(Static, "hello.txt"), "hello");
        File.WriteAllText(Path.Combine(Root, "secret.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(Static, "link-out.txt"), Path.Combine(Root, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(Static, "link-in.txt"), Path.Combine(Static, "hello.txt"));
        Directory.CreateSymbolicLink(Path.Combine(Static, "dir-out"), Root);
    }

    public string Root { get; }

    public string Static { get; }

    /// <summary>A quiet test app whose root is this folder, configured further by <paramref name="configure"/>.</summary>
    public App CreateApp(Action<App>? configure = null)
    {
        var app = new App("static-tests") { LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, RootPath = Root };
        app.SecretKey = "test-secret-key";
        configure?.Invoke(app);
        return app;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
