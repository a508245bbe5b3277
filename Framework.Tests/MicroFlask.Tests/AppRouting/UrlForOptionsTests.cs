namespace MicroFlask.Tests.AppRouting;

/// <summary>url_for's _scheme, _external, _method and _anchor, as Flask 3.1's tests/test_helpers.py pins them.</summary>
public class UrlForOptionsTests
{
    private static App CreateApp()
    {
        var app = TestApp.Create();
        app.Route("/", () => "index", endpoint: "index");
        // One view under two rules, as Flask's add_url_rule allows; the method tells them apart when building.
        Func<string> item = () => "item";
        app.Route("/item", item, endpoint: "item");
        app.Route("/item/edit", item, methods: ["POST"], endpoint: "item");
        return app;
    }

    [Test]
    public async Task Scheme_WithExternal_UsesTheScheme()
    {
        var app = CreateApp();
        await using var ctx = await app.TestRequestContextAsync();

        app.UrlFor("index", external: true, scheme: "https").ShouldBe("https://localhost/");
    }

    [Test]
    public async Task Scheme_Alone_ImpliesExternal()
    {
        var app = CreateApp();
        await using var ctx = await app.TestRequestContextAsync();

        app.UrlFor("index", scheme: "https").ShouldBe("https://localhost/");
    }

    [Test]
    public async Task Scheme_WithExternalFalse_IsAnError()
    {
        var app = CreateApp();
        await using var ctx = await app.TestRequestContextAsync();

        Should.Throw<ArgumentException>(() => app.UrlFor("index", external: false, scheme: "https"));
    }

    [Test]
    public void Scheme_OutsideARequest_UsesServerName()
    {
        var app = CreateApp();
        app.Config["SERVER_NAME"] = "example.com";

        app.UrlFor("index", scheme: "https").ShouldBe("https://example.com/");
    }

    [TestCase("GET", "/item")]
    [TestCase("POST", "/item/edit")]
    public void Method_PicksTheRuleThatAcceptsIt(string method, string expected)
    {
        CreateApp().UrlFor("item", method: method).ShouldBe(expected);
    }

    [Test]
    public void Anchor_IsQuoted()
    {
        CreateApp().UrlFor("index", anchor: "x y").ShouldBe("/#x%20y");
    }
}
