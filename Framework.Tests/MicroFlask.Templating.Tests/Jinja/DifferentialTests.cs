using Microsoft.Extensions.Logging.Abstractions;

namespace MicroFlask.Templating.Tests.Jinja;

/// <summary>
/// Each template of Jinja/corpus rendered by real Jinja2 (python3, in Flask's environment) and by MicroFlask with the
/// same context must give the same bytes. The Python side runs once for the whole corpus.
/// </summary>
[External]
public class DifferentialTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Jinja");
    private static readonly string Corpus = Path.Combine(Folder, "corpus");
    private static Dictionary<string, (string? Output, string? Error)>? Jinja2Results;

    public static IEnumerable<string> Templates() =>
        Directory.GetFiles(Corpus).Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [OneTimeSetUp]
    public async Task RenderCorpusWithJinja2() =>
        Jinja2Results = await Jinja2Runner.RunAsync(Path.Combine(Folder, "render_with_jinja2.py"), Corpus);

    [TestCaseSource(nameof(Templates))]
    public void Render_SameAsJinja2(string name)
    {
        var (expected, error) = Jinja2Results![name];
        error.ShouldBeNull($"Jinja2 itself failed on {name}");
        var app = new App("differential") { LoggerFactory = NullLoggerFactory.Instance, RootPath = Folder, TemplateFolder = "corpus" };
        var context = JsonContext.Load(Path.Combine(Corpus, Path.GetFileNameWithoutExtension(name) + ".json"));
        var engine = TemplateEngine.For(app);
        if (context.Remove("$extensions", out var extensions))
        {
            foreach (var extension in (List<object?>)extensions!) engine.AddExtension((string)extension!);
        }

        var actual = engine.RenderWith(name, context);

        if (Environment.GetEnvironmentVariable("JINJA_DIFF_DIR") is { } dump)
        {
            // For working on the engine: `diff $JINJA_DIFF_DIR/x.expected $JINJA_DIFF_DIR/x.actual`.
            Directory.CreateDirectory(dump);
            File.WriteAllText(Path.Combine(dump, name + ".expected"), expected);
            File.WriteAllText(Path.Combine(dump, name + ".actual"), actual);
        }
        Assert.That(actual, Is.EqualTo(expected));
    }
}
