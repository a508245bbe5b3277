using MicroFlask.Templating.Tests.Jinja;
using static MicroFlask.Templating.Templates;

namespace MicroFlask.Flaskr.Tests;

/// <summary>
/// Flaskr's blog/index.html rendered by real Flask + Jinja2 (python3) and by MicroFlask with the same g.user,
/// flashed messages and posts, inside a request to "/": the HTML must be the same, byte for byte.
/// </summary>
public class IndexTemplateTests
{
    private static readonly string Cases = Path.Combine(AppContext.BaseDirectory, "Jinja", "index_cases.json");
    private static Dictionary<string, (string? Output, string? Error)>? _jinja2;

    public static IEnumerable<string> CaseNames() =>
        ((Dictionary<string, object?>)JsonContext.Load(Cases)).Keys.Order(StringComparer.Ordinal);

    [OneTimeSetUp]
    public async Task RenderWithFlask() => _jinja2 = await Jinja2Runner.RunAsync(
        Path.Combine(AppContext.BaseDirectory, "Jinja", "render_flaskr_index.py"),
        Path.Combine(AppContext.BaseDirectory, "templates"),
        Cases);

    [TestCaseSource(nameof(CaseNames))]
    public async Task BlogIndex_SameHtmlAsFlask(string name)
    {
        var (expected, error) = _jinja2![name];
        error.ShouldBeNull();
        var testCase = (Dictionary<string, object?>)JsonContext.Load(Cases)[name]!;
        using var f = FlaskrFixture.Create();
        f.App.Route("/render-index", () =>
        {
            G.Current["user"] = testCase["user"];
            foreach (var message in (List<object?>)testCase["flashes"]!) App.Flash((string)message!);
            return RenderTemplate("blog/index.html", new { posts = testCase["posts"] });
        });

        // Rendered at "/render-index", but every URL in the page is absolute from the root, as Flask's at "/" are.
        var actual = (await f.Client.GetAsync("/render-index")).Text;

        Assert.That(actual, Is.EqualTo(expected));
    }
}
