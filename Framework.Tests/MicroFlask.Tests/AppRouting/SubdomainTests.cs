using MicroFlask.Blueprints;
using MicroFlask.Testing;

namespace MicroFlask.Tests.AppRouting;

/// <summary>
/// SERVER_NAME, subdomain_matching and host_matching as Flask 3.1 (with Werkzeug 3.1) serves them, modelled on
/// pallets/flask tests/test_basic.py and tests/test_blueprints.py, and Werkzeug's tests/test_routing.py.
/// </summary>
public class SubdomainTests
{
    private static App SubdomainApp(string serverName = "localhost.localdomain", bool matching = true) => TestApp.Create(app =>
    {
        app.SubdomainMatching = matching;
        app.Config["SERVER_NAME"] = serverName;
        app.Route("/", () => "normal index", endpoint: "normal_index");
        app.Route("/", () => "test index", endpoint: "test_index", subdomain: "test");
    });

    [TestCase("http://localhost.localdomain/", "normal index")]
    [TestCase("http://test.localhost.localdomain/", "test index")]
    public async Task Get_SubdomainRule_ServesItsHost(string url, string text) => // test_subdomain_basic_support
        (await SubdomainApp().TestClient().GetAsync(url)).Text.ShouldBe(text);

    [TestCase("localhost.localdomain", "http://mitsuhiko.localhost.localdomain/")] // test_subdomain_matching
    [TestCase("localhost.localdomain:3000", "http://mitsuhiko.localhost.localdomain:3000/")] // test_subdomain_matching_with_ports
    public async Task Get_SubdomainVariable_ReachesTheView(string serverName, string url)
    {
        var app = TestApp.Create(app =>
        {
            app.SubdomainMatching = true;
            app.Config["SERVER_NAME"] = serverName;
            app.Route("/", (string user) => $"index for {user}", subdomain: "<user>");
        });

        (await app.TestClient().GetAsync(url)).Text.ShouldBe("index for mitsuhiko");
    }

    // test_subdomain_matching_other_name, as Werkzeug 3.1 answers it: another name is an invalid subdomain when matching.
    [TestCase(true, "http://127.0.0.1:3000/", 404)]
    [TestCase(false, "http://127.0.0.1:3000/", 204)]
    [TestCase(true, "http://www.localhost.localdomain:3000/", 404)]
    [TestCase(false, "http://www.localhost.localdomain:3000/", 204)]
    public async Task Get_OtherName_MatchesOnlyWithoutSubdomainMatching(bool matching, string url, int status)
    {
        var app = TestApp.Create(app =>
        {
            app.SubdomainMatching = matching;
            app.Config["SERVER_NAME"] = "localhost.localdomain:3000";
            app.Route("/", () => ("", 204), endpoint: "index");
        });

        (await app.TestClient().GetAsync(url)).StatusCode.ShouldBe(status);
    }

    // test_server_name_subdomain (Werkzeug 3.1: the foreign host is a 404).
    [TestCase("dev.local:5000", "http://dev.local:5000/", 200, "default")]
    [TestCase("dev.local:5000", "https://dev.local:5000/", 200, "default")]
    [TestCase("dev.local:443", "https://dev.local/", 200, "default")]
    [TestCase("dev.local", "https://dev.local/", 200, "default")]
    [TestCase("dev.local", "http://foo.localhost/", 404, null)]
    [TestCase("dev.local", "http://foo.dev.local/", 200, "subdomain")]
    public async Task Get_ServerNameWithPort_ComparesAsWerkzeug(string serverName, string url, int status, string? text)
    {
        var app = TestApp.Create(app =>
        {
            app.SubdomainMatching = true;
            app.Config["SERVER_NAME"] = serverName;
            app.Route("/", () => "default", endpoint: "index");
            app.Route("/", () => "subdomain", endpoint: "subdomain", subdomain: "foo");
        });

        var response = await app.TestClient().GetAsync(url);

        response.StatusCode.ShouldBe(status);
        if (text is not null) response.Text.ShouldBe(text);
    }

    [Test] // Flask 3.1: without SERVER_NAME any host matches the default rules, and no subdomain rule
    public async Task Get_WithoutServerName_AnyHostMatchesTheDefaultRules()
    {
        var app = TestApp.Create(app =>
        {
            app.SubdomainMatching = true;
            app.Route("/", () => "default", endpoint: "index");
            app.Route("/api", () => "api", endpoint: "api", subdomain: "api");
        });
        var client = app.TestClient();

        (await client.GetAsync("http://api.example.test/")).Text.ShouldBe("default");
        (await client.GetAsync("http://api.example.test/api")).StatusCode.ShouldBe(404);
    }

    [Test] // Flask 3.1: subdomain_matching off (the default) matches only the default subdomain
    public async Task Get_SubdomainMatchingOff_SubdomainRuleIsNotReached() =>
        (await SubdomainApp(matching: false).TestClient().GetAsync("http://test.localhost.localdomain/")).Text.ShouldBe("normal index");

    // test_server_name_matching with Werkzeug 3.1: subdomain matching, host matching, neither. A foreign host is the
    // subdomain "<invalid>", which "<name>" matches as any text, so Flask's test expects that text back.
    [TestCase(false, false, "default", "default")]
    [TestCase(true, false, "abc", "<invalid>")]
    [TestCase(false, true, "abc", "default")]
    public async Task Get_ServerNameMatching_AsFlask(bool subdomainMatching, bool hostMatching, string subdomainText, string otherHostText)
    {
        var app = TestApp.Create(app =>
        {
            app.SubdomainMatching = subdomainMatching;
            app.UrlMap.HostMatching = hostMatching;
            app.Config["SERVER_NAME"] = "example.test";
            app.AddUrlRule("/", "index", (string name) => name, defaults: new { name = "default" }, host: "<name>");
            app.AddUrlRule("/", "index", subdomain: "<name>", host: "<name>.example.test");
        });
        var client = app.TestClient();

        (await client.GetAsync("http://example.test/")).Text.ShouldBe("default");
        (await client.GetAsync("http://abc.example.test/")).Text.ShouldBe(subdomainText);
        (await client.GetAsync("http://xyz.other.test/")).Text.ShouldBe(otherHostText);
    }

    [Test] // test_http_host_before_server_name: a rule on another subdomain builds absolute
    public async Task UrlFor_OtherSubdomain_IsAbsolute()
    {
        var app = TestApp.Create(app =>
        {
            app.SubdomainMatching = true;
            app.Config["SERVER_NAME"] = "example.com";
            app.Route("/", () => "root", endpoint: "root");
            app.Route("/wiki", () => "wiki", endpoint: "wiki", subdomain: "wiki");
            app.Route("/links", (App a) => $"{a.UrlFor("wiki")} {a.UrlFor("root")} {a.UrlFor("links")}", endpoint: "links", subdomain: "admin");
        });

        (await app.TestClient().GetAsync("http://admin.example.com/links")).Text
            .ShouldBe("http://wiki.example.com/wiki http://example.com/ /links");
    }

    [Test]
    public async Task UrlFor_SubdomainVariable_BuildsTheHost()
    {
        var app = TestApp.Create(app =>
        {
            app.SubdomainMatching = true;
            app.Config["SERVER_NAME"] = "example.com:8080";
            app.Route("/", (string user, App a) => a.UrlFor("profile", new { user = user + "2" }), endpoint: "profile", subdomain: "<user>");
        });

        (await app.TestClient().GetAsync("http://ann.example.com:8080/")).Text.ShouldBe("http://ann2.example.com:8080/");
    }

    [Test]
    public void UrlFor_OutsideARequest_SubdomainRuleUsesServerName()
    {
        var app = SubdomainApp("example.org");

        app.UrlFor("test_index").ShouldBe("http://test.example.org/");
        app.UrlFor("normal_index").ShouldBe("/");
    }

    [Test]
    public void UrlFor_OutsideARequestWithoutServerName_NamesTheFix()
    {
        var app = TestApp.Create(app => app.Route("/", () => "api", endpoint: "api", subdomain: "api"));

        Should.Throw<InvalidOperationException>(() => app.UrlFor("api")).Message.ShouldContain("SERVER_NAME");
    }

    [Test] // TestHostMatching.test_build_same_host / test_build_other_host
    public async Task UrlFor_HostMatching_IsAbsoluteOnlyForAnotherHost()
    {
        var app = TestApp.Create(app =>
        {
            app.UrlMap.HostMatching = true;
            app.Route("/", (App a) => $"{a.UrlFor("index")} {a.UrlFor("other")}", endpoint: "index", host: "app.test");
            app.Route("/o", () => "o", endpoint: "other", host: "pages.other.test");
        });

        (await app.TestClient().GetAsync("http://app.test/")).Text.ShouldBe("/ http://pages.other.test/o");
    }

    [Test] // TestHostMatching.test_match_redirect_other_host, through the app: an absolute Location on the other host
    public async Task Get_DefaultsOnOtherHost_RedirectsToThatHost()
    {
        var app = TestApp.Create(app =>
        {
            app.UrlMap.HostMatching = true;
            app.AddUrlRule("/page/", "page", (int page, string domain) => $"{domain} {page}", defaults: new { page = 1 }, host: "app.<domain>");
            app.AddUrlRule("/page/<int:page>/", "page", host: "pages.<domain>");
        });

        var response = await app.TestClient().GetAsync("http://pages.personal.test/page/1/?q=1");

        response.StatusCode.ShouldBe(308);
        response.Location.ShouldBe("http://app.personal.test/page/?q=1");
    }

    [Test] // test_alias_redirects through the app: absolute, query string kept
    public async Task Get_Alias_Redirects308ToTheCanonicalUrl()
    {
        var app = TestApp.Create(app =>
        {
            app.Route("/users/page/<int:page>", (int page) => $"page {page}", endpoint: "users");
            app.AddUrlRule("/users/page-<int:page>.html", "users", alias: true);
        });
        var client = app.TestClient();

        var response = await client.GetAsync("/users/page-2.html?foo=bar");

        response.StatusCode.ShouldBe(308);
        response.Location.ShouldBe("http://localhost/users/page/2?foo=bar");
        (await client.GetAsync("/users/page-2.html", followRedirects: true)).Text.ShouldBe("page 2");
    }

    [Test]
    public async Task Options_SubdomainRule_AllowsItsMethods()
    {
        var app = TestApp.Create(app =>
        {
            app.SubdomainMatching = true;
            app.Config["SERVER_NAME"] = "example.test";
            app.Route("/", () => "", endpoint: "root");
            app.Route("/", () => "", endpoint: "api", methods: ["POST"], subdomain: "api");
        });

        var response = await app.TestClient().OpenAsync(new EnvironBuilder("OPTIONS", "http://api.example.test/"));

        response.Headers.Get("Allow").ShouldBe("OPTIONS, POST");
    }

    [Test] // test_blueprints: a blueprint's subdomain puts its routes there
    public async Task RegisterBlueprint_Subdomain_ServesOnlyThere()
    {
        var app = TestApp.Create(app =>
        {
            app.SubdomainMatching = true;
            app.Config["SERVER_NAME"] = "example.test";
            app.RegisterBlueprint(new Blueprint("api", subdomain: "api").Route("/child/", () => "child", endpoint: "index"));
        });
        var client = app.TestClient();

        (await client.GetAsync("http://api.example.test/child/")).Text.ShouldBe("child");
        (await client.GetAsync("http://example.test/child/")).StatusCode.ShouldBe(404);
    }

    [Test] // register_blueprint(bp, subdomain=...) wins over the blueprint's own, as Flask's BlueprintSetupState
    public async Task RegisterBlueprint_SubdomainArgument_OverridesTheBlueprints()
    {
        var app = TestApp.Create(app =>
        {
            app.SubdomainMatching = true;
            app.Config["SERVER_NAME"] = "example.test";
            app.RegisterBlueprint(new Blueprint("api", subdomain: "api").Route("/", () => "v2", endpoint: "index"), subdomain: "v2");
        });
        var client = app.TestClient();

        (await client.GetAsync("http://v2.example.test/")).Text.ShouldBe("v2");
        (await client.GetAsync("http://api.example.test/")).StatusCode.ShouldBe(404);
        app.UrlFor("api.index").ShouldBe("http://v2.example.test/");
    }
}
