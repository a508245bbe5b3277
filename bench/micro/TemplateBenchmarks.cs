using BenchmarkDotNet.Attributes;
using MicroFlask.Testing;
using MicroFlask.Wsgi;
using Microsoft.Extensions.Logging.Abstractions;
using static MicroFlask.Templating.Templates;

namespace MicroFlask.Micro;

/// <summary>
/// Flaskr's blog/index.html (Flask's tutorial template, unchanged) with 20 posts and a logged-in g.user, as a whole
/// in-process request: RequestBenchmarks.Hello is the cost of the request around the render. bench/micro/jinja2_render.py
/// times Jinja2 on the same template and data.
/// </summary>
[MemoryDiagnoser]
public class TemplateBenchmarks
{
    private App _app = null!;
    private Environ _index = null!;

    /// <summary>The 20 posts: the same as jinja2_render.py's.</summary>
    internal static List<Dictionary<string, object?>> Posts() => Enumerable.Range(1, 20).Select(i => new Dictionary<string, object?>
    {
        ["id"] = (long)i,
        ["title"] = $"Post number {i} <with> & markup",
        ["body"] = $"The body of post {i}.\nIt has two lines & an ampersand.",
        ["created"] = new DateTime(2024, 1, 1).AddDays(i),
        ["author_id"] = (long)(i % 3 == 0 ? 1 : 2),
        ["username"] = i % 3 == 0 ? "test" : "other",
    }).Reverse().ToList();

    [GlobalSetup]
    public void Setup()
    {
        _app = new App("bench") { LoggerFactory = NullLoggerFactory.Instance, SecretKey = "bench-secret-key", TemplateFolder = "flaskr-templates" };
        Action view = () => { };
        _app.Route("/auth/register", view, endpoint: "auth.register");
        _app.Route("/auth/login", view, endpoint: "auth.login");
        _app.Route("/auth/logout", view, endpoint: "auth.logout");
        _app.Route("/create", view, endpoint: "blog.create");
        _app.Route("/<int:id>/update", (long id) => { }, endpoint: "blog.update");
        var posts = Posts();
        var user = new Dictionary<string, object?> { ["id"] = 1L, ["username"] = "test" };
        _app.Route("/", () =>
        {
            G.Current["user"] = user;
            return RenderTemplate("blog/index.html", new { posts });
        }, endpoint: "index");
        _index = new EnvironBuilder("GET", "/").Build();
        var check = _app.WsgiApp(_index).GetAwaiter().GetResult();
        if (check.StatusCode != 200) throw new InvalidOperationException("The index page did not render: " + check.GetText());
    }

    [Benchmark]
    public async Task<int> FlaskrIndex20Posts() => (await _app.WsgiApp(_index)).StatusCode;
}
