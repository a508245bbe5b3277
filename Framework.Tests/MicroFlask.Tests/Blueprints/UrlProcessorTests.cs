using MicroFlask.Blueprints;
using MicroFlask.Routing;

namespace MicroFlask.Tests.Blueprints;

/// <summary>URL value preprocessors and URL defaults, modelled on pallets/flask tests/test_basic.py and tests/test_blueprints.py.</summary>
public class UrlProcessorTests
{
    private static void PullLangCode(string? endpoint, IDictionary<string, object?> values)
    {
        G.Current["lang_code"] = values["lang_code"];
        values.Remove("lang_code");
    }

    private static void AddLangCode(string endpoint, IDictionary<string, object?> values) =>
        values.TryAdd("lang_code", G.Current["lang_code"]);

    [TestCase("/de/", "/de/about")]
    [TestCase("/de/about", "/de/")]
    public async Task UrlFor_AppUrlProcessors_CarryTheValueAcross(string path, string text) // test_basic.py test_url_processors
    {
        var app = TestApp.Create();
        app.UrlDefaults(AddLangCode).UrlValuePreprocessor(PullLangCode);
        app.Route("/<lang_code>/", () => App.Current.UrlFor("about"), endpoint: "index");
        app.Route("/<lang_code>/about", () => App.Current.UrlFor("index"), endpoint: "about");

        (await app.TestClient().GetAsync(path)).Text.ShouldBe(text);
    }

    [TestCase("/de/", "/de/about")]
    [TestCase("/de/about", "/de/")]
    public async Task UrlFor_BlueprintUrlProcessors_CarryTheValueAcross(string path, string text) // test_blueprint_url_processors
    {
        var bp = new Blueprint("frontend", urlPrefix: "/<lang_code>")
            .UrlDefaults(AddLangCode)
            .UrlValuePreprocessor(PullLangCode)
            .Route("/", () => App.Current.UrlFor(".about"), endpoint: "index")
            .Route("/about", () => App.Current.UrlFor(".index"), endpoint: "about");
        var app = TestApp.Create(a => a.RegisterBlueprint(bp));

        (await app.TestClient().GetAsync(path)).Text.ShouldBe(text);
    }

    [Test]
    public async Task UrlValuePreprocessor_NestedBlueprintRequest_RunsAppThenOutermostFirstBeforeTheHooks()
    {
        var ran = new List<string>();
        var child = new Blueprint("child")
            .UrlValuePreprocessor((_, _) => ran.Add("child"))
            .BeforeRequest(() => ran.Add("child before"))
            .Route("/", () => "", endpoint: "index");
        var parent = new Blueprint("parent").UrlValuePreprocessor((_, _) => ran.Add("parent")).RegisterBlueprint(child);
        var app = TestApp.Create(a => a.RegisterBlueprint(parent));
        app.UrlValuePreprocessor((endpoint, _) => ran.Add("app " + endpoint)).BeforeRequest(() => ran.Add("app before"));

        await app.TestClient().GetAsync("/");

        ran.ShouldBe(new[] { "app parent.child.index", "parent", "child", "app before", "child before" });
    }

    [Test]
    public void UrlDefaults_ParentBlueprint_AppliesToChildEndpointsOutsideARequest()
    {
        var child = new Blueprint("child").Route("/<lang>/", () => "", endpoint: "index");
        var parent = new Blueprint("parent").UrlDefaults((_, values) => values.TryAdd("lang", "fr")).RegisterBlueprint(child);
        var app = TestApp.Create(a => a.RegisterBlueprint(parent));
        app.Route("/<lang>/home", () => "", endpoint: "home");

        app.UrlFor("parent.child.index").ShouldBe("/fr/");
        // Only the endpoint's own blueprints' defaults apply: an app endpoint gets none of the parent's.
        Should.Throw<BuildException>(() => app.UrlFor("home"));
    }
}
