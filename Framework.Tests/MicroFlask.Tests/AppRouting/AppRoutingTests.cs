using MicroFlask.Http;
using MicroFlask.Sessions;

namespace MicroFlask.Tests.AppRouting;

public class AppRoutingTests
{
    [Test]
    public async Task Route_IntVariable_BindsToParameter()
    {
        var app = TestApp.Create();
        app.Route("/user/<int:id>", (int id) => $"user {id + 1}");

        var response = await app.TestClient().GetAsync("/user/41");

        response.Text.ShouldBe("user 42");
    }

    [Test]
    public async Task Route_ServiceParameters_BindByType()
    {
        var app = TestApp.Create();
        app.Route("/who/<name>", (string name, Request request, ISession session, App current) =>
            $"{name} {request.Method} {session.GetType().Name} {ReferenceEquals(current, app)}");

        var response = await app.TestClient().GetAsync("/who/ann");

        response.Text.ShouldBe($"ann GET SecureCookieSession True");
    }

    [Test]
    public void Route_ParameterNotInRule_FailsAtRegistration()
    {
        var app = TestApp.Create();

        var error = Should.Throw<ArgumentException>(() => app.Route("/user", (int id) => "x"));

        error.Message.ShouldContain("'id'");
        error.Message.ShouldContain("/user");
    }

    [Test]
    public async Task UnknownUrl_Is404()
    {
        var app = TestApp.Create();
        app.Route("/", () => "home");

        var response = await app.TestClient().GetAsync("/nope");

        response.StatusCode.ShouldBe(404);
        response.Text.ShouldContain("Not Found");
    }

    [Test]
    public async Task WrongMethod_Is405WithAllowHeader()
    {
        var app = TestApp.Create();
        app.Route("/login", () => "form", methods: ["GET"]);
        app.Route("/login", () => "posted", methods: ["POST"], endpoint: "do_login");

        var response = await app.TestClient().DeleteAsync("/login");

        response.StatusCode.ShouldBe(405);
        response.Headers["Allow"].ShouldBe("GET, HEAD, OPTIONS, POST");
    }

    [Test]
    public async Task SamePathDifferentMethods_DispatchToTheirViews()
    {
        var app = TestApp.Create();
        app.Route("/login", () => "form", methods: ["GET"]);
        app.Route("/login", () => "posted", methods: ["POST"], endpoint: "do_login");
        var client = app.TestClient();

        (await client.GetAsync("/login")).Text.ShouldBe("form");
        (await client.PostAsync("/login")).Text.ShouldBe("posted");
    }

    [Test]
    public async Task Head_AnswersLikeGetWithoutBody()
    {
        var app = TestApp.Create();
        app.Route("/", () => "twelve chars");

        var response = await app.TestClient().HeadAsync("/");

        response.StatusCode.ShouldBe(200);
        response.Data.ShouldBeEmpty();
        response.Headers["Content-Length"].ShouldBe("12");
    }

    [Test]
    public async Task Options_IsAnsweredAutomaticallyWithAllow()
    {
        var app = TestApp.Create();
        var viewCalled = false;
        app.Route("/items", () => { viewCalled = true; return "x"; }, methods: ["GET", "POST"]);

        var response = await app.TestClient().OptionsAsync("/items");

        response.StatusCode.ShouldBe(200);
        response.Headers["Allow"].ShouldBe("GET, HEAD, OPTIONS, POST");
        viewCalled.ShouldBeFalse();
    }

    [Test]
    public async Task Options_ListedByTheView_GoesToTheView()
    {
        var app = TestApp.Create();
        app.Route("/cors", () => "custom options", methods: ["OPTIONS"]);

        var response = await app.TestClient().OptionsAsync("/cors");

        response.Text.ShouldBe("custom options");
    }

    [Test]
    public async Task StrictSlashes_RedirectsToTrailingSlashKeepingQuery()
    {
        var app = TestApp.Create();
        app.Route("/dir/", () => "listing");

        var response = await app.TestClient().GetAsync("/dir?sort=name");

        response.StatusCode.ShouldBe(308);
        response.Location.ShouldBe("http://localhost/dir/?sort=name");
    }

    [Test]
    public async Task StrictSlashes_UnderScriptName_RedirectKeepsPrefix()
    {
        var app = TestApp.Create();
        app.Route("/dir/", () => "listing");

        var response = await app.TestClient().OpenAsync(new Testing.EnvironBuilder("GET", "/dir") { ScriptName = "/app" });

        response.Location.ShouldBe("http://localhost/app/dir/");
    }

    [Test]
    public void UrlFor_OutsideRequest_BuildsPathWithQuery()
    {
        var app = TestApp.Create();
        app.Route("/user/<int:id>", (int id) => "x", endpoint: "user");

        app.UrlFor("user", new { id = 7, tab = "posts" }).ShouldBe("/user/7?tab=posts");
    }

    [Test]
    public async Task UrlFor_InsideRequest_IsUnderScriptRoot()
    {
        var app = TestApp.Create();
        app.Route("/user/<int:id>", (int id) => "x", endpoint: "user");
        app.Route("/", () => app.UrlFor("user", new { id = 3 }));

        var response = await app.TestClient().OpenAsync(new Testing.EnvironBuilder("GET", "/") { ScriptName = "/shop" });

        response.Text.ShouldBe("/shop/user/3");
    }

    [Test]
    public async Task UrlFor_External_HasSchemeAndHost()
    {
        var app = TestApp.Create();
        app.Route("/", () => app.UrlFor("index", external: true));

        var response = await app.TestClient().GetAsync("http://example.com:8080/");

        response.Text.ShouldBe("http://example.com:8080/");
    }

    [Test]
    public async Task UrlFor_RoundTrip_MatchesTheSameView()
    {
        var app = TestApp.Create();
        app.Route("/files/<path:name>", (string name) => name, endpoint: "file");
        var url = app.UrlFor("file", new { name = "a dir/naïve ü.txt" });

        var response = await app.TestClient().GetAsync(url);

        response.Text.ShouldBe("a dir/naïve ü.txt");
    }

    [Test]
    public void Endpoint_NamedMethod_IsItsNameLowerCamel()
    {
        var app = TestApp.Create();
        var rule = app.Route("/profile", ShowProfile);

        rule.Endpoint.ShouldBe("showProfile");
    }

    [Test]
    public void Endpoint_Lambda_IsTheFirstStaticSegment()
    {
        var app = TestApp.Create();

        app.Route("/", () => "x").Endpoint.ShouldBe("index");
        app.Route("/login", () => "x").Endpoint.ShouldBe("login");
    }

    private static string ShowProfile() => "profile";
}
