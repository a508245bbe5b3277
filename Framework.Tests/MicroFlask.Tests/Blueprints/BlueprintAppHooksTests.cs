using MicroFlask.Blueprints;

namespace MicroFlask.Tests.Blueprints;

/// <summary>
/// A blueprint's app-wide hooks (Flask's before_app_request, after_app_request, teardown_app_request,
/// app_errorhandler, app_url_defaults, app_url_value_preprocessor) and its static folder, modelled on pallets/flask
/// tests/test_blueprints.py (test_blueprint_app_error_handling, test_app_request_processing, test_templates_and_static).
/// </summary>
public class BlueprintAppHooksTests
{
    private sealed class ForbiddenException : Exception;

    private static string Forbid() => throw new ForbiddenException();

    [Test]
    public async Task AppHooks_RunForARouteOutsideTheBlueprint() // test_app_request_processing
    {
        var calls = new List<string>();
        var bp = new Blueprint("bp")
            .BeforeAppRequest(() => calls.Add("before"))
            .AfterAppRequest(response => { calls.Add("after"); return response; })
            .TeardownAppRequest(_ => calls.Add("teardown"));
        var app = TestApp.Create(a => a.RegisterBlueprint(bp));
        app.Route("/", () => { calls.Add("view"); return "request|after"; });

        (await app.TestClient().GetAsync("/")).Text.ShouldBe("request|after");

        calls.ShouldBe(["before", "view", "after", "teardown"]);
    }

    [Test]
    public async Task AppErrorHandler_HandlesAnErrorOfTheApp() // test_blueprint_app_error_handling
    {
        var errors = new Blueprint("errors").AppErrorHandler<ForbiddenException>(_ => "you shall not pass");
        var app = TestApp.Create(a => a.RegisterBlueprint(errors));
        app.Route("/forbidden", Forbid, endpoint: "forbidden");
        app.Route("/nope", Forbid, endpoint: "nope");

        (await app.TestClient().GetAsync("/forbidden")).Text.ShouldBe("you shall not pass");
        (await app.TestClient().GetAsync("/nope")).Text.ShouldBe("you shall not pass");
    }

    [Test]
    public async Task AppErrorHandler_ByCode_HandlesA404OfTheApp()
    {
        var bp = new Blueprint("bp").AppErrorHandler(404, _ => ("missing", 404));
        var app = TestApp.Create(a => a.RegisterBlueprint(bp));

        var response = await app.TestClient().GetAsync("/nowhere");

        (response.StatusCode, response.Text).ShouldBe((404, "missing"));
    }

    [Test]
    public async Task AppUrlProcessors_ApplyToTheAppsOwnEndpoints()
    {
        var bp = new Blueprint("bp")
            .AppUrlDefaults((_, values) => values.TryAdd("lang", G.Current["lang"]))
            .AppUrlValuePreprocessor((_, values) => { G.Current["lang"] = values["lang"]; values.Remove("lang"); });
        var app = TestApp.Create(a => a.RegisterBlueprint(bp));
        app.Route("/<lang>/", () => App.Current.UrlFor("about"), endpoint: "index");
        app.Route("/<lang>/about", () => "about", endpoint: "about");

        (await app.TestClient().GetAsync("/de/")).Text.ShouldBe("/de/about");
    }

    [Test]
    public async Task RegisteredTwice_AppHooksAreAddedOnce() // Flask's record_once
    {
        var count = 0;
        var bp = new Blueprint("bp").BeforeAppRequest(() => { count++; });
        bp.Route("/", () => "x", endpoint: "index");
        var app = TestApp.Create(a => a.RegisterBlueprint(bp).RegisterBlueprint(bp, urlPrefix: "/two", name: "two"));
        app.Route("/app", () => "app");

        await app.TestClient().GetAsync("/app");

        count.ShouldBe(1);
    }

    [Test]
    public void AppHook_AfterRegistration_IsAnErrorNamingTheFix()
    {
        var bp = new Blueprint("bp");
        TestApp.Create(a => a.RegisterBlueprint(bp));

        Should.Throw<InvalidOperationException>(() => bp.BeforeAppRequest(() => { }))
            .Message.ShouldContain("add its app-wide hooks before registering it");
    }

    [Test]
    public async Task StaticFolder_IsServedUnderThePrefix_AndBuiltByItsEndpoint() // test_templates_and_static
    {
        var root = Directory.CreateTempSubdirectory("microflask-bp-static.").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "admin_static"));
            await File.WriteAllTextAsync(Path.Combine(root, "admin_static", "test.txt"), "Admin File");
            var admin = new Blueprint("admin", urlPrefix: "/admin", staticFolder: "admin_static", staticUrlPath: "/static");
            var app = TestApp.Create(a => { a.RootPath = root; a.RegisterBlueprint(admin); });
            var client = app.TestClient();

            var response = await client.GetAsync("/admin/static/test.txt");
            (response.StatusCode, response.Text).ShouldBe((200, "Admin File"));
            (await client.GetAsync("/admin/static/missing.txt")).StatusCode.ShouldBe(404);
            (await client.GetAsync("/admin/static/../admin_static/test.txt")).StatusCode.ShouldNotBe(200);
            await using (await app.TestRequestContextAsync("/"))
            {
                app.UrlFor("admin.static", new { filename = "test.txt" }).ShouldBe("/admin/static/test.txt");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void StaticUrlPath_DefaultsToTheFoldersName()
    {
        new Blueprint("bp", staticFolder: "assets/bp_files").StaticUrlPath.ShouldBe("/bp_files");
        new Blueprint("bp").StaticUrlPath.ShouldBeNull();
    }
}
