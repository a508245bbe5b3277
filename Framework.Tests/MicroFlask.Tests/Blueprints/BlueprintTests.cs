using MicroFlask.Blueprints;
using MicroFlask.Http;

namespace MicroFlask.Tests.Blueprints;

public class BlueprintTests
{
    private static App AppWith(Blueprint blueprint, string? urlPrefix = null) =>
        TestApp.Create(app => app.RegisterBlueprint(blueprint, urlPrefix));

    [Test]
    public async Task RegisterBlueprint_WithPrefix_ServesRouteUnderPrefix()
    {
        var app = AppWith(new Blueprint("admin", "/admin").Route("/users", () => "users"));

        var response = await app.TestClient().GetAsync("/admin/users");

        response.Text.ShouldBe("users");
    }

    [Test]
    public async Task RegisterBlueprint_PrefixArgument_OverridesBlueprintPrefix()
    {
        var app = AppWith(new Blueprint("admin", "/admin").Route("/users", () => "users"), urlPrefix: "/staff/");

        var response = await app.TestClient().GetAsync("/staff/users");

        response.Text.ShouldBe("users");
    }

    [Test]
    public void RegisterBlueprint_Route_EndpointHasBlueprintName()
    {
        var app = AppWith(new Blueprint("admin", "/admin").Route("/users", () => "users", endpoint: "list"));

        app.UrlMap.RulesFor("admin.list").Single().Pattern.ShouldBe("/admin/users");
    }

    [Test]
    public void RegisterBlueprint_LambdaWithoutEndpoint_NamesItFromTheRelativeRule()
    {
        var app = AppWith(new Blueprint("admin", "/admin").Route("/users", () => "users"));

        app.UrlMap.RulesFor("admin.users").ShouldNotBeEmpty();
    }

    [Test]
    public void RegisterBlueprint_SameNameTwice_Throws()
    {
        var app = AppWith(new Blueprint("admin"));

        Should.Throw<InvalidOperationException>(() => app.RegisterBlueprint(new Blueprint("admin")));
    }

    [Test]
    public void Route_AfterRegistration_Throws()
    {
        var blueprint = new Blueprint("admin");
        AppWith(blueprint);

        Should.Throw<InvalidOperationException>(() => blueprint.Route("/late", () => "late"));
    }

    [Test]
    public void Constructor_NameWithDot_Throws()
    {
        Should.Throw<ArgumentException>(() => new Blueprint("a.b"));
    }

    [Test]
    public async Task Request_Blueprint_IsTheBlueprintName()
    {
        var app = AppWith(new Blueprint("admin", "/admin").Route("/", (Request request) => request.Blueprint ?? "none"));

        var response = await app.TestClient().GetAsync("/admin/");

        response.Text.ShouldBe("admin");
    }

    [Test]
    public async Task Request_AppView_HasNoBlueprint()
    {
        var app = TestApp.Create();
        app.Route("/", (Request request) => request.Blueprint ?? "none");

        var response = await app.TestClient().GetAsync("/");

        response.Text.ShouldBe("none");
    }

    [Test]
    public async Task BeforeRequest_OtherBlueprintsRequest_DoesNotRun()
    {
        var ran = new List<string>();
        var admin = new Blueprint("admin", "/admin").BeforeRequest(() => ran.Add("admin")).Route("/", () => "admin");
        var shop = new Blueprint("shop", "/shop").Route("/", () => "shop");
        var app = TestApp.Create(a => a.RegisterBlueprint(admin).RegisterBlueprint(shop));

        await app.TestClient().GetAsync("/shop/");

        ran.ShouldBeEmpty();
    }

    [Test]
    public async Task BeforeRequest_BlueprintRequest_RunsAfterTheAppsHooks()
    {
        var ran = new List<string>();
        var admin = new Blueprint("admin", "/admin").BeforeRequest(() => ran.Add("blueprint")).Route("/", () => "admin");
        var app = TestApp.Create(a => a.RegisterBlueprint(admin));
        app.BeforeRequest(() => ran.Add("app"));

        await app.TestClient().GetAsync("/admin/");

        ran.ShouldBe(new[] { "app", "blueprint" });
    }

    [Test]
    public async Task BeforeRequest_ReturnsValue_EndsTheRequest()
    {
        var admin = new Blueprint("admin", "/admin").BeforeRequest(() => ("login first", 401)).Route("/", () => "secret");
        var app = AppWith(admin);

        var response = await app.TestClient().GetAsync("/admin/");

        response.StatusCode.ShouldBe(401);
    }

    [Test]
    public async Task AfterRequest_BlueprintRequest_RunsBeforeTheAppsHooks()
    {
        var ran = new List<string>();
        var admin = new Blueprint("admin", "/admin")
            .AfterRequest(r => { ran.Add("blueprint 1"); return r; })
            .AfterRequest(r => { ran.Add("blueprint 2"); return r; })
            .Route("/", () => "admin");
        var app = TestApp.Create(a => a.RegisterBlueprint(admin));
        app.AfterRequest(r => { ran.Add("app"); return r; });

        await app.TestClient().GetAsync("/admin/");

        ran.ShouldBe(new[] { "blueprint 2", "blueprint 1", "app" });
    }

    [Test]
    public async Task AfterRequest_AppRequest_DoesNotRunBlueprintHook()
    {
        var ran = new List<string>();
        var admin = new Blueprint("admin", "/admin").AfterRequest(r => { ran.Add("blueprint"); return r; });
        var app = AppWith(admin);
        app.Route("/", () => "home");

        await app.TestClient().GetAsync("/");

        ran.ShouldBeEmpty();
    }

    [Test]
    public async Task ErrorHandler_BlueprintAndAppHandleCode_BlueprintWins()
    {
        var admin = new Blueprint("admin", "/admin").ErrorHandler(403, _ => ("blueprint", 403)).Route("/", object () => App.Abort(403));
        var app = AppWith(admin);
        app.ErrorHandler(403, _ => ("app", 403));

        var response = await app.TestClient().GetAsync("/admin/");

        response.Text.ShouldBe("blueprint");
    }

    [Test]
    public async Task ErrorHandler_AppRequest_UsesAppHandler()
    {
        var admin = new Blueprint("admin", "/admin").ErrorHandler(403, _ => ("blueprint", 403));
        var app = AppWith(admin);
        app.ErrorHandler(403, _ => ("app", 403));
        app.Route("/", object () => App.Abort(403));

        var response = await app.TestClient().GetAsync("/");

        response.Text.ShouldBe("app");
    }

    [Test]
    public async Task ErrorHandler_BlueprintHasNone_FallsBackToApp()
    {
        var admin = new Blueprint("admin", "/admin").Route("/", object () => throw new InvalidOperationException());
        var app = AppWith(admin);
        app.ErrorHandler<InvalidOperationException>(_ => ("app", 500));

        var response = await app.TestClient().GetAsync("/admin/");

        response.Text.ShouldBe("app");
    }

    [Test]
    public async Task ErrorHandler_BlueprintBaseTypeAndAppExactType_BlueprintWins()
    {
        // Flask looks through the whole blueprint (every base class) before the app.
        var admin = new Blueprint("admin", "/admin")
            .ErrorHandler<Exception>(_ => ("blueprint", 500))
            .Route("/", object () => throw new InvalidOperationException());
        var app = AppWith(admin);
        app.ErrorHandler<InvalidOperationException>(_ => ("app", 500));

        var response = await app.TestClient().GetAsync("/admin/");

        response.Text.ShouldBe("blueprint");
    }

    [Test]
    public async Task UrlFor_BlueprintEndpoint_BuildsPrefixedUrl()
    {
        var app = AppWith(new Blueprint("admin", "/admin").Route("/user/<int:id>", (int id) => "", endpoint: "user"));
        app.Route("/", () => app.UrlFor("admin.user", new { id = 7 }));

        var response = await app.TestClient().GetAsync("/");

        response.Text.ShouldBe("/admin/user/7");
    }

    [Test]
    public async Task UrlFor_RelativeEndpointInBlueprint_UsesCurrentBlueprint()
    {
        var admin = new Blueprint("admin", "/admin")
            .Route("/", () => App.Current.UrlFor(".list"), endpoint: "index")
            .Route("/list", () => "", endpoint: "list");
        var app = AppWith(admin);
        app.Route("/list", () => "", endpoint: "list");

        var response = await app.TestClient().GetAsync("/admin/");

        response.Text.ShouldBe("/admin/list");
    }

    [Test]
    public async Task UrlFor_RelativeEndpointOutsideBlueprint_UsesAppEndpoint()
    {
        var app = TestApp.Create();
        app.Route("/list", () => "", endpoint: "list");
        app.Route("/", () => app.UrlFor(".list"));

        var response = await app.TestClient().GetAsync("/");

        response.Text.ShouldBe("/list");
    }
}
