using MicroFlask.Http;

namespace MicroFlask.Tests.Flow;

/// <summary>Werkzeug's BadRequestKeyError, as Flask's test_trapping_of_bad_request_key_errors pins it.</summary>
public class BadRequestKeyTests
{
    private static App CreateApp(Action<App>? configure = null)
    {
        var app = TestApp.Create(a => a.Testing = true);
        configure?.Invoke(app);
        app.Route("/form", (Request request) => request.Form["missing_key"]);
        app.Route("/args", (Request request) => request.Args["missing_key"]);
        app.Route("/abort", () => App.Abort(400));
        return app;
    }

    [TestCase("/form")]
    [TestCase("/args")]
    public async Task MissingKey_Is400(string url)
    {
        var response = await CreateApp().TestClient().GetAsync(url);

        response.StatusCode.ShouldBe(400);
    }

    [Test]
    public async Task MissingKey_InProduction_PageDoesNotNameTheKey()
    {
        var response = await CreateApp().TestClient().GetAsync("/form");

        response.Text.ShouldNotContain("missing_key");
    }

    [Test]
    public async Task MissingKey_Debug_IsRaisedNamingTheKey()
    {
        var app = CreateApp(a => a.Debug = true);

        var error = await Should.ThrowAsync<BadRequestKeyException>(() => app.TestClient().GetAsync("/form"));

        error.Key.ShouldBe("missing_key");
    }

    [Test]
    public async Task Abort400_Debug_StaysA400()
    {
        var response = await CreateApp(a => a.Debug = true).TestClient().GetAsync("/abort");

        response.StatusCode.ShouldBe(400);
    }

    [Test]
    public async Task MissingKey_DebugWithTrappingOff_PageNamesTheKey()
    {
        var app = CreateApp(a =>
        {
            a.Debug = true;
            a.Config["TRAP_BAD_REQUEST_ERRORS"] = false;
        });

        var response = await app.TestClient().GetAsync("/form");

        response.StatusCode.ShouldBe(400);
        response.Text.ShouldContain("KeyError: &#39;missing_key&#39;");
    }

    [TestCase("/form")]
    [TestCase("/abort")]
    public async Task TrapBadRequestErrors_RaisesBoth(string url)
    {
        var app = CreateApp(a => a.Config["TRAP_BAD_REQUEST_ERRORS"] = true);

        var error = await Should.ThrowAsync<HttpException>(() => app.TestClient().GetAsync(url));

        error.Code.ShouldBe(400);
    }

    [Test]
    public async Task MissingKey_HandlerFor400_Handles()
    {
        var app = CreateApp();
        app.ErrorHandler(400, e => (e is BadRequestKeyException key ? "missing " + key.Key : "other", 400));

        var response = await app.TestClient().GetAsync("/form");

        response.Text.ShouldBe("missing missing_key");
    }

    [Test]
    public void Indexer_OutsideARequest_ThrowsBadRequestKey()
    {
        var dict = new MultiDict<string>();

        Should.Throw<BadRequestKeyException>(() => dict["a"]).Message.ShouldContain("KeyError: 'a'");
    }
}
