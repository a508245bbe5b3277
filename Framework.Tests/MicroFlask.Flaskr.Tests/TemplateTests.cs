using MicroFlask.Templating.Tests.Jinja;
using static MicroFlask.Templating.Templates;

namespace MicroFlask.Flaskr.Tests;

/// <summary>
/// Flaskr's six templates, copied unchanged from Flask's tutorial, rendered by real Flask + Jinja2 (python3) and
/// by MicroFlask with the same g.user, flashed messages, form data and context, inside a request to the same path:
/// the HTML must be the same, byte for byte.
/// </summary>
[External]
public class TemplateTests
{
    private static readonly string Cases = Path.Combine(AppContext.BaseDirectory, "Jinja", "template_cases.json");
    private static Dictionary<string, (string? Output, string? Error)>? Jinja2Results;

    public static IEnumerable<string> CaseNames() => JsonContext.Load(Cases).Keys.Order(StringComparer.Ordinal);

    [OneTimeSetUp]
    public async Task RenderWithFlask() => Jinja2Results = await Jinja2Runner.RunAsync(
        Path.Combine(AppContext.BaseDirectory, "Jinja", "render_flaskr_templates.py"),
        Path.Combine(AppContext.BaseDirectory, "templates"),
        Cases);

    [TestCaseSource(nameof(CaseNames))]
    public async Task Template_SameHtmlAsFlask(string name)
    {
        var (expected, error) = Jinja2Results![name];
        error.ShouldBeNull();
        var testCase = (Dictionary<string, object?>)JsonContext.Load(Cases)[name]!;
        var path = (string)testCase["path"]!;
        // The case's view at the case's path comes first, so it answers there; the tutorial's rules after it are
        // what url_for builds the page's links from.
        var app = new App("flaskr-templates") { SecretKey = "test", Testing = true };
        app.Route(path, () =>
        {
            G.Current["user"] = testCase["user"];
            foreach (var message in (List<object?>)testCase["flashes"]!) Flash.Add((string)message!);
            return RenderTemplate((string)testCase["template"]!, testCase["context"]);
        }, methods: ["GET", "POST"], endpoint: "case");
        Action view = () => { };
        app.Route("/auth/register", view, endpoint: "auth.register");
        app.Route("/auth/login", view, endpoint: "auth.login");
        app.Route("/auth/logout", view, endpoint: "auth.logout");
        app.Route("/create", view, endpoint: "blog.create");
        app.Route("/<int:id>/update", (long id) => { }, endpoint: "blog.update");
        app.Route("/<int:id>/delete", (long id) => { }, methods: ["POST"], endpoint: "blog.delete");
        app.Route("/", view, endpoint: "index");
        var client = app.TestClient();

        var response = testCase.GetValueOrDefault("form") is Dictionary<string, object?> form
            ? await client.PostAsync(path, form: form.ToDictionary(p => p.Key, p => (string)p.Value!))
            : await client.GetAsync(path);

        Assert.That(response.Text, Is.EqualTo(expected));
    }
}
