using AppContext = MicroFlask.Context.AppContext;
using MicroFlask.Context;

namespace MicroFlask.Tests.Context;

/// <summary>Flask's test_request_context and app_context, as tests/test_reqctx.py pins them.</summary>
public class TestRequestContextTests
{
    [Test]
    public async Task TestRequestContext_MakesTheRequestCurrent()
    {
        var app = TestApp.Create();

        await using (await app.TestRequestContextAsync("/?name=World"))
        {
            Request.Current.Args["name"].ShouldBe("World");
        }

        RequestContext.IsActive.ShouldBeFalse();
    }

    [Test]
    public async Task TestRequestContext_UrlIsLocalhost()
    {
        var app = TestApp.Create();

        await using var ctx = await app.TestRequestContextAsync("/meh");

        ctx.Request.Url.ShouldBe("http://localhost/meh");
    }

    [Test]
    public async Task TestRequestContext_UrlForExternal_UsesTheRequestsHost()
    {
        var app = TestApp.Create();
        app.Route("/", () => "index", endpoint: "index");

        await using var ctx = await app.TestRequestContextAsync();

        app.UrlFor("index", external: true).ShouldBe("http://localhost/");
    }

    [Test]
    public async Task TestRequestContext_MatchesTheUrl()
    {
        var app = TestApp.Create();
        app.Route("/user/<int:id>", (int id) => "user", endpoint: "user");

        await using var ctx = await app.TestRequestContextAsync("/user/7");

        ctx.Request.Endpoint.ShouldBe("user");
        ctx.Request.ViewArgs["id"].ShouldBe(7);
    }

    [Test]
    public async Task TestRequestContext_Form_IsRead()
    {
        var app = TestApp.Create();

        await using var ctx = await app.TestRequestContextAsync("/", "POST", form: [new("a", "b")]);

        Request.Current.Form["a"].ShouldBe("b");
    }

    [Test]
    public async Task TestRequestContext_SessionIsOpen()
    {
        var app = TestApp.Create();

        await using var ctx = await app.TestRequestContextAsync();
        Session.Current["k"] = "v";

        Session.Current["k"].ShouldBe("v");
    }

    [Test]
    public async Task TestRequestContext_Dispose_RunsTeardownOnce()
    {
        var app = TestApp.Create();
        var teardowns = 0;
        app.TeardownRequest(_ => teardowns++);

        var ctx = await app.TestRequestContextAsync();
        await ctx.DisposeAsync();
        await ctx.DisposeAsync();

        teardowns.ShouldBe(1);
    }

    [Test]
    public async Task TestRequestContext_PushesTheAppContextToo()
    {
        var app = TestApp.Create();

        await using (await app.TestRequestContextAsync())
        {
            App.Current.ShouldBeSameAs(app);
        }

        AppContext.IsActive.ShouldBeFalse();
    }

    [Test]
    public async Task PushAppContext_MakesAppCurrentUntilDisposed()
    {
        var app = TestApp.Create();

        await using (app.PushAppContext())
        {
            App.Current.ShouldBeSameAs(app);
            G.Current["x"] = 1;
        }

        AppContext.IsActive.ShouldBeFalse();
    }
}
