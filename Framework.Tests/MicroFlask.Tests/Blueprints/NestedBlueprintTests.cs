using MicroFlask.Blueprints;
using MicroFlask.Http;

namespace MicroFlask.Tests.Blueprints;

/// <summary>Nested blueprints as Flask 2.0+ has them, modelled on pallets/flask tests/test_blueprints.py.</summary>
public class NestedBlueprintTests
{
    private static App NestedApp()
    {
        // test_nested_blueprint: parent > child > grandchild, a 403 handler on the parent and on the grandchild.
        var grandchild = new Blueprint("grandchild")
            .ErrorHandler(403, _ => ("Grandchild no", 403))
            .Route("/", () => "Grandchild yes", endpoint: "index")
            .Route("/no", object () => App.Abort(403), endpoint: "no");
        var child = new Blueprint("child")
            .Route("/", () => "Child yes", endpoint: "index")
            .Route("/no", object () => App.Abort(403), endpoint: "no")
            .RegisterBlueprint(grandchild, urlPrefix: "/grandchild");
        var parent = new Blueprint("parent")
            .ErrorHandler(403, _ => ("Parent no", 403))
            .Route("/", () => "Parent yes", endpoint: "index")
            .Route("/no", object () => App.Abort(403), endpoint: "no")
            .RegisterBlueprint(child, urlPrefix: "/child");
        return TestApp.Create(app => app.RegisterBlueprint(parent, urlPrefix: "/parent"));
    }

    [TestCase("/parent/", "Parent yes")]
    [TestCase("/parent/child/", "Child yes")]
    [TestCase("/parent/child/grandchild/", "Grandchild yes")]
    [TestCase("/parent/no", "Parent no")]
    [TestCase("/parent/child/no", "Parent no")]
    [TestCase("/parent/child/grandchild/no", "Grandchild no")]
    public async Task Get_NestedBlueprint_ServesUnderJoinedPrefixWithNearestErrorHandler(string path, string text) => // test_nested_blueprint
        (await NestedApp().TestClient().GetAsync(path)).Text.ShouldBe(text);

    [Test]
    public void RegisterBlueprint_Nested_EndpointsAndBlueprintsHaveDottedNames()
    {
        var app = NestedApp();

        app.UrlMap.RulesFor("parent.child.grandchild.index").Single().Pattern.ShouldBe("/parent/child/grandchild/");
        app.Blueprints.Keys.ShouldBe(new[] { "parent", "parent.child", "parent.child.grandchild" }, ignoreOrder: true);
    }

    [Test]
    public async Task Request_Blueprint_IsTheDottedName()
    {
        var child = new Blueprint("child").Route("/", (Request request) => request.Blueprint ?? "none", endpoint: "index");
        var app = TestApp.Create(a => a.RegisterBlueprint(new Blueprint("parent", "/p").RegisterBlueprint(child, urlPrefix: "/c")));

        (await app.TestClient().GetAsync("/p/c/")).Text.ShouldBe("parent.child");
    }

    [Test] // test_nested_callback_order: before-request outermost first; teardown innermost first, each last registered first
    public async Task Hooks_NestedBlueprintRequest_RunInFlasksOrder()
    {
        var seen = new List<string>();
        var torn = new List<string>();
        Blueprint Hooks(Blueprint bp, string name) => bp
            .BeforeRequest(() => seen.Add(name + "_1")).TeardownRequest(_ => torn.Add(name + "_1"))
            .BeforeRequest(() => seen.Add(name + "_2")).TeardownRequest(_ => torn.Add(name + "_2"));
        var child = Hooks(new Blueprint("child"), "child").Route("/a", () => string.Join(", ", seen), endpoint: "a");
        var parent = Hooks(new Blueprint("parent"), "parent").RegisterBlueprint(child);
        var app = TestApp.Create(a => a.RegisterBlueprint(parent));
        app.BeforeRequest(() => seen.Add("app_1")).TeardownRequest(_ => torn.Add("app_1"));
        app.BeforeRequest(() => seen.Add("app_2")).TeardownRequest(_ => torn.Add("app_2"));

        var response = await app.TestClient().GetAsync("/a");

        response.Text.ShouldBe("app_1, app_2, parent_1, parent_2, child_1, child_2");
        torn.ShouldBe(new[] { "child_2", "child_1", "parent_2", "parent_1", "app_2", "app_1" });
    }

    [Test] // Flask's process_response: the innermost blueprint's after-request hooks first, then its ancestors', then the app's
    public async Task AfterRequest_NestedBlueprintRequest_RunsInnermostFirst()
    {
        var ran = new List<string>();
        Blueprint After(Blueprint bp, string name) => bp
            .AfterRequest(r => { ran.Add(name + "_1"); return r; })
            .AfterRequest(r => { ran.Add(name + "_2"); return r; });
        var child = After(new Blueprint("child"), "child").Route("/a", () => "a", endpoint: "a");
        var app = TestApp.Create(a => a.RegisterBlueprint(After(new Blueprint("parent"), "parent").RegisterBlueprint(child)));
        app.AfterRequest(r => { ran.Add("app"); return r; });

        await app.TestClient().GetAsync("/a");

        ran.ShouldBe(new[] { "child_2", "child_1", "parent_2", "parent_1", "app" });
    }

    [Test]
    public async Task BeforeRequest_ParentReturnsValue_EndsTheChildsRequest()
    {
        var child = new Blueprint("child").Route("/", () => "secret", endpoint: "index");
        var parent = new Blueprint("parent", "/p").BeforeRequest(() => ("login first", 401)).RegisterBlueprint(child);
        var app = TestApp.Create(a => a.RegisterBlueprint(parent));

        (await app.TestClient().GetAsync("/p/")).StatusCode.ShouldBe(401);
    }

    [Test] // test_nested_callback_order, "/b": the innermost blueprint's context processor wins
    public async Task UpdateTemplateContext_NestedBlueprintRequest_InnermostProcessorWins()
    {
        App app = null!;
        var child = new Blueprint("child")
            .ContextProcessor(() => new Dictionary<string, object?> { ["key"] = "child" })
            .Route("/b", () =>
            {
                var context = new Dictionary<string, object?>();
                app.UpdateTemplateContext(context);
                return $"{context["key"]} {context["from_parent"]}";
            }, endpoint: "b");
        var parent = new Blueprint("parent")
            .ContextProcessor(() => new Dictionary<string, object?> { ["key"] = "parent", ["from_parent"] = "yes" })
            .RegisterBlueprint(child);
        app = TestApp.Create(a => a.RegisterBlueprint(parent));
        app.ContextProcessor(() => new Dictionary<string, object?> { ["key"] = "app" });

        (await app.TestClient().GetAsync("/b")).Text.ShouldBe("child yes");
    }

    [Test]
    public async Task ErrorHandler_ParentHandlesType_AppliesToChildsView()
    {
        var child = new Blueprint("child").Route("/", object () => throw new InvalidOperationException(), endpoint: "index");
        var parent = new Blueprint("parent", "/p").ErrorHandler<InvalidOperationException>(_ => ("parent", 500)).RegisterBlueprint(child);
        var app = TestApp.Create(a => a.RegisterBlueprint(parent));
        app.ErrorHandler<InvalidOperationException>(_ => ("app", 500));

        (await app.TestClient().GetAsync("/p/")).Text.ShouldBe("parent");
    }

    // test_nesting_url_prefixes: the prefixes given at construction or registration, joined with one slash.
    [TestCase("/parent", "/child", null, null)]
    [TestCase("/parent", null, null, "/child")]
    [TestCase(null, null, "/parent", "/child")]
    [TestCase("/other", "/something", "/parent", "/child")]
    [TestCase("/parent/", "/child/", null, null)]
    public async Task Get_NestedPrefixes_JoinAsFlask(string? parentInit, string? childInit, string? parentRegistration, string? childRegistration)
    {
        var child = new Blueprint("child", urlPrefix: childInit).Route("/", () => "index", endpoint: "index");
        var parent = new Blueprint("parent", urlPrefix: parentInit).RegisterBlueprint(child, urlPrefix: childRegistration);
        var app = TestApp.Create(a => a.RegisterBlueprint(parent, urlPrefix: parentRegistration));

        var response = await app.TestClient().GetAsync("/parent/child/");

        response.StatusCode.ShouldBe(200);
        response.Text.ShouldBe("index");
    }

    [Test] // test_nesting_subdomains: a child without a subdomain takes its parent's
    public async Task Get_ChildOfSubdomainParent_ServesOnTheParentsSubdomain()
    {
        var child = new Blueprint("child").Route("/child/", () => "child", endpoint: "index");
        var app = TestApp.Create(a =>
        {
            a.SubdomainMatching = true;
            a.Config["SERVER_NAME"] = "domain.tld";
            a.RegisterBlueprint(new Blueprint("parent").RegisterBlueprint(child), subdomain: "api");
        });

        var client = app.TestClient();

        (await client.GetAsync("http://api.domain.tld/child/")).StatusCode.ShouldBe(200);
        (await client.GetAsync("http://domain.tld/child/")).StatusCode.ShouldBe(404);
    }

    [Test] // test_child_and_parent_subdomain: the child's subdomain goes in front of the parent's
    public async Task Get_ChildAndParentSubdomains_JoinWithADot()
    {
        var child = new Blueprint("child", subdomain: "api").Route("/", () => "child", endpoint: "index");
        var app = TestApp.Create(a =>
        {
            a.SubdomainMatching = true;
            a.Config["SERVER_NAME"] = "domain.tld";
            a.RegisterBlueprint(new Blueprint("parent").RegisterBlueprint(child), subdomain: "parent");
        });

        var client = app.TestClient();

        (await client.GetAsync("http://api.parent.domain.tld/")).Text.ShouldBe("child");
        (await client.GetAsync("http://parent.domain.tld/")).StatusCode.ShouldBe(404);
    }

    [Test] // test_unique_blueprint_names: the same blueprint under the same name again
    public void RegisterBlueprint_SameBlueprintSameName_ThrowsNamingTheFix()
    {
        var bp = new Blueprint("bp");
        var app = TestApp.Create(a => a.RegisterBlueprint(bp));

        var error = Should.Throw<InvalidOperationException>(() => app.RegisterBlueprint(bp));

        error.Message.ShouldContain("'bp' is already registered for this blueprint");
        error.Message.ShouldContain("name:");
    }

    [Test] // test_unique_blueprint_names: another blueprint with a taken name
    public void RegisterBlueprint_DifferentBlueprintSameName_Throws()
    {
        var app = TestApp.Create(a => a.RegisterBlueprint(new Blueprint("bp")));

        Should.Throw<InvalidOperationException>(() => app.RegisterBlueprint(new Blueprint("bp")))
            .Message.ShouldContain("a different blueprint");
    }

    [Test] // test_unique_blueprint_names: a new name makes either registration fine
    public void RegisterBlueprint_TakenNameWithNewName_Registers()
    {
        var bp = new Blueprint("bp");
        var app = TestApp.Create(a => a.RegisterBlueprint(bp));

        app.RegisterBlueprint(bp, name: "again").RegisterBlueprint(new Blueprint("bp"), name: "alt");

        app.Blueprints.Keys.ShouldBe(new[] { "bp", "again", "alt" }, ignoreOrder: true);
        app.Blueprints["again"].ShouldBeSameAs(bp);
    }

    [Test]
    public void RegisterBlueprint_NestedNameTaken_ThrowsWithTheDottedName()
    {
        var parent = new Blueprint("parent").RegisterBlueprint(new Blueprint("child")).RegisterBlueprint(new Blueprint("child"));

        Should.Throw<InvalidOperationException>(() => TestApp.Create(a => a.RegisterBlueprint(parent)))
            .Message.ShouldContain("'parent.child'");
    }

    [Test] // test_self_registration
    public void RegisterBlueprint_OnItself_Throws()
    {
        var bp = new Blueprint("bp");

        Should.Throw<ArgumentException>(() => bp.RegisterBlueprint(bp)).Message.ShouldContain("itself");
    }

    [Test]
    public void RegisterBlueprint_NameWithDot_Throws()
    {
        Should.Throw<ArgumentException>(() => new Blueprint("bp").RegisterBlueprint(new Blueprint("child"), name: "a.b"));
    }

    [Test] // Flask's setupmethod: a child nested after the parent was registered would never be served
    public void RegisterBlueprint_OnRegisteredParent_Throws()
    {
        var parent = new Blueprint("parent");
        TestApp.Create(a => a.RegisterBlueprint(parent));

        Should.Throw<InvalidOperationException>(() => parent.RegisterBlueprint(new Blueprint("child")));
    }

    // test_blueprint_renaming: one blueprint under two names, with a renamed child; the error handler applies under both.
    [TestCase("/a/", "bp.index")]
    [TestCase("/b/", "alt.index")]
    [TestCase("/a/a/", "bp.sub.index2")]
    [TestCase("/b/a/", "alt.sub.index2")]
    [TestCase("/a/error", "Error")]
    [TestCase("/b/error", "Error")]
    public async Task Get_RenamedBlueprint_ServesUnderEachName(string path, string text)
    {
        var bp2 = new Blueprint("bp2").Get("/", (Request request) => request.Endpoint, endpoint: "index2");
        var bp = new Blueprint("bp")
            .Get("/", (Request request) => request.Endpoint, endpoint: "index")
            .Get("/error", object () => App.Abort(403), endpoint: "error")
            .ErrorHandler(403, _ => ("Error", 403))
            .RegisterBlueprint(bp2, urlPrefix: "/a", name: "sub");
        var app = TestApp.Create(a => a.RegisterBlueprint(bp, urlPrefix: "/a").RegisterBlueprint(bp, urlPrefix: "/b", name: "alt"));

        (await app.TestClient().GetAsync(path)).Text.ShouldBe(text);
    }

    [Test] // url_for(".view") inside a nested blueprint names the nested blueprint's view
    public async Task UrlFor_RelativeEndpointInNestedBlueprint_UsesTheNestedBlueprint()
    {
        var child = new Blueprint("child")
            .Route("/", () => App.Current.UrlFor(".list"), endpoint: "index")
            .Route("/list", () => "", endpoint: "list");
        var parent = new Blueprint("parent", "/p").Route("/list", () => "", endpoint: "list").RegisterBlueprint(child, urlPrefix: "/c");
        var app = TestApp.Create(a => a.RegisterBlueprint(parent));

        (await app.TestClient().GetAsync("/p/c/")).Text.ShouldBe("/p/c/list");
    }
}
