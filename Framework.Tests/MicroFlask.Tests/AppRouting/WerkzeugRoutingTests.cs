using MicroFlask.Routing;
using MicroFlask.Testing;

namespace MicroFlask.Tests.AppRouting;

/// <summary>Routing cases pinned to what Werkzeug 3.1 and Flask 3.1 do (checked against the real ones).</summary>
public class WerkzeugRoutingTests
{
    [TestCase("/a//b", "http://localhost/a/b")]
    [TestCase("/a///b", "http://localhost/a/b")]
    [TestCase("/a////b?x=1", "http://localhost/a/b?x=1")]
    [TestCase("/s/x//", "http://localhost/s/x/")]
    [TestCase("/s//x/", "http://localhost/s/x/")]
    public async Task Match_RepeatedSlashes_RedirectToMerged(string path, string location)
    {
        var app = TestApp.Create();
        app.Route("/a/b", () => "ab");
        app.Route("/s/<x>/", (string x) => x);

        var response = await app.TestClient().GetAsync(path);

        response.StatusCode.ShouldBe(308);
        response.Headers.Get("Location").ShouldBe(location);
    }

    [Test]
    public async Task Match_PathConverter_KeepsRepeatedSlashes()
    {
        var app = TestApp.Create();
        app.Route("/p/<path:x>", (string x) => x);

        (await app.TestClient().GetAsync("/p/a//b")).Text.ShouldBe("a//b");
    }

    [Test]
    public async Task Match_LeadingSlashes_MatchWithoutRedirect()
    {
        var app = TestApp.Create();
        app.Route("/a/b", () => "ab");

        (await app.TestClient().GetAsync("//a/b")).Text.ShouldBe("ab");
    }

    [Test]
    public void Rule_RepeatedSlashesInPattern_MatchAndBuildMerged()
    {
        var map = new Map();
        map.Add("/c//d", "cd");

        map.Match("/c/d", "GET").Rule.Endpoint.ShouldBe("cd");
        map.Build("cd").ShouldBe("/c/d");
    }

    [Test]
    public void Rule_MergeSlashesOff_KeepsPatternAndDoesNotRedirect()
    {
        var map = new Map();
        map.Add("/nm//x", "nm", mergeSlashes: false);
        map.Add("/a/b", "ab", mergeSlashes: false);

        map.Match("/nm//x", "GET").Rule.Endpoint.ShouldBe("nm");
        map.Build("nm").ShouldBe("/nm//x");
        Should.Throw<HttpException>(() => map.Match("/a//b", "GET")).Code.ShouldBe(404);
    }

    [Test]
    public void Map_MergeSlashesOff_DoesNotRedirect()
    {
        var map = new Map { MergeSlashes = false };
        map.Add("/a/b", "ab");

        Should.Throw<HttpException>(() => map.Match("/a//b", "GET")).Code.ShouldBe(404);
    }

    [Test]
    public async Task Match_MissingSlash_RedirectsAbsoluteKeepingQuery()
    {
        var app = TestApp.Create();
        app.Route("/dir/", () => "d");

        var response = await app.TestClient().GetAsync("/dir?q=1&r=%20");

        response.Headers.Get("Location").ShouldBe("http://localhost/dir/?q=1&r=%20");
    }

    [Test]
    public async Task Match_EmptyPathInfo_RedirectsToRootWithSlash()
    {
        var app = TestApp.Create();
        app.Route("/", () => "i");
        var environ = new EnvironBuilder("GET", "/") { ScriptName = "/app" }.Build();
        environ.PathInfo = "";

        var response = await app.WsgiApp(environ);

        response.StatusCode.ShouldBe(308);
        response.Headers.Get("Location").ShouldBe("http://localhost/app/");
    }

    [Test]
    public void AddUrlRule_SamePathTwice_FirstRuleWinsAsInWerkzeug()
    {
        // Werkzeug 3.1 has no DuplicateRuleError: Flask's tutorial adds "/" again as "index" after blog.index.
        var app = TestApp.Create();
        app.Route("/", () => "blog", endpoint: "blog_index");
        app.AddUrlRule("/", "index");

        app.UrlMap.Match("/", "GET").Rule.Endpoint.ShouldBe("blog_index");
        app.UrlFor("index").ShouldBe("/");
    }

    [Test]
    public async Task AddUrlRule_WithoutView_ServesItsEndpointsView()
    {
        var app = TestApp.Create();
        app.Route("/posts", () => "posts", endpoint: "index");
        app.AddUrlRule("/", "index");

        (await app.TestClient().GetAsync("/")).Text.ShouldBe("posts");
    }

    [Test]
    public void AddUrlRule_SecondViewForEndpoint_ThrowsAsFlask()
    {
        var app = TestApp.Create();
        app.Route("/u/<n>", (string n) => n, endpoint: "e");

        var error = Should.Throw<InvalidOperationException>(() => app.Route("/v/<n>", (string n) => n + "!", endpoint: "e"));

        error.Message.ShouldContain("View function mapping is overwriting an existing endpoint function: e");
    }

    [Test]
    public void AddUrlRule_SameViewUnderEndpointTwice_IsAllowed()
    {
        var app = TestApp.Create();
        Func<string> view = () => "x";
        app.Route("/a", view, endpoint: "e");

        app.Route("/b", view, endpoint: "e").Endpoint.ShouldBe("e");
    }

    [Test]
    public void Route_Lambdas_GetUniqueReadableEndpoints()
    {
        var app = TestApp.Create();

        var show = app.Route("/user/<name>", (string name) => name);
        var edit = app.Route("/user/<name>/edit", (string name) => name);
        var create = app.Post("/user/<name>", (string name) => name);
        var again = app.Post("/user/<name>", (string name) => name);

        new[] { show.Endpoint, edit.Endpoint, create.Endpoint, again.Endpoint }.ShouldBe(["user", "user_edit", "user_post", "user_post_2"]);
        app.UrlFor("user_edit", new { name = "ann" }).ShouldBe("/user/ann/edit");
    }

    [Test]
    public async Task Route_AfterFirstRequest_RefusedAsFlask()
    {
        var app = TestApp.Create();
        app.Route("/", () => "i");
        await app.TestClient().GetAsync("/");

        var error = Should.Throw<InvalidOperationException>(() => app.Route("/late", () => "late"));

        error.Message.ShouldStartWith("The setup method 'route' can no longer be called on the application. It has already handled its first request");
    }

    [Test]
    public async Task Route_Defaults_PassedToViewAndUsedToBuild()
    {
        var app = TestApp.Create();
        Func<int, string> view = page => $"page {page}";
        app.Route("/page/", view, endpoint: "page", defaults: new { page = 1 });
        app.Route("/page/<int:page>", view, endpoint: "page");
        var client = app.TestClient();

        (await client.GetAsync("/page/")).Text.ShouldBe("page 1");
        (await client.GetAsync("/page/3")).Text.ShouldBe("page 3");
        app.UrlFor("page", new { page = 1 }).ShouldBe("/page/");
        app.UrlFor("page", new { page = 2 }).ShouldBe("/page/2");
        app.UrlFor("page").ShouldBe("/page/");
    }

    [Test]
    public async Task Match_ValueEqualToSiblingsDefault_RedirectsToIt()
    {
        var app = TestApp.Create();
        Func<int, string> view = page => $"page {page}";
        app.Route("/page/", view, endpoint: "page", defaults: new { page = 1 });
        app.Route("/page/<int:page>", view, endpoint: "page");

        var response = await app.TestClient().GetAsync("/page/1?x=y");

        response.StatusCode.ShouldBe(308);
        response.Headers.Get("Location").ShouldBe("http://localhost/page/?x=y");
    }

    [Test]
    public async Task AddUrlRule_RedirectTo_Redirects308WithValues()
    {
        var app = TestApp.Create();
        app.AddUrlRule("/old/<int:id>", "old", redirectTo: "/new/<id>");

        var response = await app.TestClient().GetAsync("/old/7");

        response.StatusCode.ShouldBe(308);
        response.Headers.Get("Location").ShouldBe("http://localhost/new/7");
    }

    [TestCase("/n/<int(max=10):x>", 11, "/n/11")]
    [TestCase("/u/<int:x>", -5, "/u/-5")]
    [TestCase("/f/<int(fixed_digits=2):x>", 123, "/f/123")]
    [TestCase("/f/<int(fixed_digits=3):x>", 7, "/f/007")]
    public void Build_ConverterBounds_NotRevalidated(string pattern, int value, string url)
    {
        var map = new Map();
        map.Add(pattern, "e");

        map.Build("e", new Dictionary<string, object?> { ["x"] = value }).ShouldBe(url);
    }

    [Test]
    public void Build_QueryValues_WrittenAsPythonsStr()
    {
        var map = new Map();
        map.Add("/q", "q");

        map.Build("q", new Dictionary<string, object?> { ["a"] = 1.0, ["b"] = 2.5, ["c"] = 1e20, ["d"] = true }).ShouldBe("/q?a=1.0&b=2.5&c=1e%2B20&d=True");
    }
}
