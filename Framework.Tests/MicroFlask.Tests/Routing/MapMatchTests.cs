using MicroFlask.Http;
using MicroFlask.Routing;

namespace MicroFlask.Tests.Routing;

public class MapMatchTests
{
    [TestCase("/", "/")]
    [TestCase("", "/")]
    [TestCase("/about", "/about")]
    [TestCase("/a/b", "/a/b")]
    public void Match_StaticPath_ReturnsItsRule(string path, string endpoint)
    {
        var map = TestMaps.With("/", "/about", "/a/b");

        map.EndpointFor(path).ShouldBe(endpoint);
    }

    [Test]
    public void Match_StaticPath_HasEmptyArguments()
    {
        var map = TestMaps.With("/about");

        map.Match("/about", "GET").Arguments.ShouldBeEmpty();
    }

    [Test]
    public void Match_StaticPathTwice_ReusesTheEmptyArguments()
    {
        var map = TestMaps.With("/about");

        map.Match("/about", "GET").Arguments.ShouldBeSameAs(map.Match("/about", "GET").Arguments);
    }

    [TestCase("/user/42", "/user/<name>")]
    [TestCase("/user/new", "/user/new")]
    public void Match_StaticAndDynamicSibling_StaticWins(string path, string endpoint)
    {
        var map = TestMaps.With("/user/<name>", "/user/new");

        map.EndpointFor(path).ShouldBe(endpoint);
    }

    [TestCase("/x/42", "/x/<int:id>")]
    [TestCase("/x/4.2", "/x/<float:f>")]
    [TestCase("/x/abc", "/x/<string:s>")]
    [TestCase("/x/a/b", "/x/<path:p>")]
    public void Match_SeveralConverters_LighterWeightFirst(string path, string endpoint)
    {
        // Registered heaviest first, so only the weights can explain the order.
        var map = TestMaps.With("/x/<path:p>", "/x/<string:s>", "/x/<float:f>", "/x/<int:id>");

        map.EndpointFor(path).ShouldBe(endpoint);
    }

    [TestCase("/page.html", "/<name>.html")]
    [TestCase("/page", "/<name>")]
    public void Match_PartWithStaticText_BeatsBareVariable(string path, string endpoint)
    {
        var map = TestMaps.With("/<name>", "/<name>.html");

        map.EndpointFor(path).ShouldBe(endpoint);
    }

    [Test]
    public void Match_DeeperStaticPrefix_BeatsVariableEarlier()
    {
        var map = TestMaps.With("/<a>/edit", "/docs/<b>");

        map.EndpointFor("/docs/edit").ShouldBe("/docs/<b>");
    }

    [Test]
    public void Match_StaticBranchFailsLater_BacktracksToDynamic()
    {
        var map = TestMaps.With("/user/new/form", "/user/<name>");

        map.EndpointFor("/user/new").ShouldBe("/user/<name>");
    }

    [Test]
    public void Match_ConverterRejectsValue_TriesNextRule()
    {
        var map = TestMaps.With("/n/<int(max=9):small>", "/n/<big>");

        map.EndpointFor("/n/42").ShouldBe("/n/<big>");
    }

    [Test]
    public void Match_MultipleVariables_ReturnsAllConverted()
    {
        var map = TestMaps.With("/u/<int:id>/posts/<slug>");

        map.Match("/u/7/posts/hello", "GET").Arguments.ShouldBe(
            new Dictionary<string, object?> { ["id"] = 7, ["slug"] = "hello" });
    }

    [Test]
    public void Match_TwoVariablesInOneSegment_SplitsThem()
    {
        var map = TestMaps.With("/v<int:major>.<int:minor>");

        map.Match("/v2.10", "GET").Arguments.ShouldBe(
            new Dictionary<string, object?> { ["major"] = 2, ["minor"] = 10 });
    }

    [TestCase("/nothing")]
    [TestCase("/user")]
    [TestCase("/user/1/2")]
    [TestCase("/user/")]
    public void Match_UnknownPath_Throws404(string path)
    {
        var map = TestMaps.With("/", "/user/<int:id>");

        Should.Throw<HttpException>(() => map.Match(path, "GET")).Code.ShouldBe(404);
    }

    [Test]
    public void Match_WrongMethod_Throws405WithAllowedUnion()
    {
        var map = new Map();
        map.Add("/item", "read");
        map.Add("/item", "write", ["POST"]);
        map.Add("/item/<int:id>", "other", ["PUT"]);

        var error = Should.Throw<MethodNotAllowedException>(() => map.Match("/item", "DELETE"));

        error.ValidMethods.ShouldBe(["GET", "HEAD", "POST"]);
    }

    [Test]
    public void Match_WrongMethodOnDynamicRule_Throws405()
    {
        var map = new Map();
        map.Add("/item/<int:id>", "delete", ["DELETE"]);

        Should.Throw<MethodNotAllowedException>(() => map.Match("/item/3", "GET")).ValidMethods.ShouldBe(["DELETE"]);
    }

    [Test]
    public void Match_ConverterRejectsValueForWrongMethodRule_Throws404()
    {
        var map = new Map();
        map.Add("/item/<int(max=5):id>", "delete", ["DELETE"]);

        Should.Throw<HttpException>(() => map.Match("/item/9", "GET")).Code.ShouldBe(404);
    }

    [Test]
    public void Match_HeadOnGetRule_Matches()
    {
        var map = TestMaps.With("/about");

        map.EndpointFor("/about", "HEAD").ShouldBe("/about");
    }

    [TestCase("GET", "read")]
    [TestCase("POST", "write")]
    [TestCase("HEAD", "read")]
    public void Match_SamePathPerMethod_DispatchesToEachRule(string method, string endpoint)
    {
        var map = new Map();
        map.Add("/item/<int:id>", "read");
        map.Add("/item/<int:id>", "write", ["POST"]);

        map.EndpointFor("/item/1", method).ShouldBe(endpoint);
    }

    [Test]
    public void Match_StaticRuleWrongMethod_FallsBackToDynamicRule()
    {
        var map = new Map();
        map.Add("/a/b", "static", ["POST"]);
        map.Add("/a/<x>", "dynamic");

        map.EndpointFor("/a/b").ShouldBe("dynamic");
    }

    [TestCase("/dir", "/dir/")]
    [TestCase("/user/42", "/user/42/")]
    [TestCase("/files/a/b", "/files/a/b/")]
    public void Match_BranchRuleWithoutSlash_RedirectsToSlash(string path, string target)
    {
        var map = TestMaps.With("/dir/", "/user/<int:id>/", "/files/<path:p>/");

        Should.Throw<RequestRedirectException>(() => map.Match(path, "GET")).NewUrl.ShouldBe(target);
    }

    [Test]
    public void Match_BranchRedirect_Uses308()
    {
        var map = TestMaps.With("/dir/");

        Should.Throw<RequestRedirectException>(() => map.Match("/dir", "GET")).Code.ShouldBe(308);
    }

    [Test]
    public void Match_BranchRedirect_PercentEncodesTheTarget()
    {
        var map = TestMaps.With("/<name>/");

        Should.Throw<RequestRedirectException>(() => map.Match("/a b", "GET")).NewUrl.ShouldBe("/a%20b/");
    }

    [Test]
    public void Match_PathConverterBranchWithSlash_Matches()
    {
        var map = TestMaps.With("/files/<path:p>/");

        map.OnlyArgument("/files/a/b/").ShouldBe("a/b");
    }

    [Test]
    public void Match_LeafRequestedWithSlashWhenStrict_Throws404()
    {
        var map = TestMaps.With("/leaf");

        Should.Throw<HttpException>(() => map.Match("/leaf/", "GET")).Code.ShouldBe(404);
    }

    [TestCase("/leaf/")]
    [TestCase("/leaf")]
    public void Match_LeafWhenNotStrict_MatchesWithOrWithoutSlash(string path)
    {
        var map = new Map();
        map.Add("/leaf", "leaf", strictSlashes: false);

        map.EndpointFor(path).ShouldBe("leaf");
    }

    [Test]
    public void Match_BranchWithoutSlashWhenNotStrict_MatchesWithoutRedirect()
    {
        var map = new Map { StrictSlashes = false };
        map.Add("/dir/", "dir");

        map.EndpointFor("/dir").ShouldBe("dir");
    }

    [Test]
    public void Match_PathWithoutLeadingSlash_IsTreatedAsRooted()
    {
        var map = TestMaps.With("/about");

        map.EndpointFor("about").ShouldBe("/about");
    }

    [Test]
    public void Match_AutomaticOptions_AcceptsOptions()
    {
        var map = new Map();
        map.Add("/item", "item").ProvideAutomaticOptions = true;

        map.EndpointFor("/item", "OPTIONS").ShouldBe("item");
    }

    [Test]
    public void Match_OptionsWithoutAutomaticOptions_Throws405()
    {
        var map = TestMaps.With("/item");

        Should.Throw<MethodNotAllowedException>(() => map.Match("/item", "OPTIONS"));
    }

    [Test]
    public void AllowedMethods_PathWithSeveralRules_ReturnsUnion()
    {
        var map = new Map();
        map.Add("/item/<int:id>", "read");
        map.Add("/item/<int:id>", "write", ["POST", "PUT"]);
        map.Add("/item/<name>", "named", ["DELETE"]);

        map.AllowedMethods("/item/5").ShouldBe(["GET", "HEAD", "POST", "PUT", "DELETE"], ignoreOrder: true);
    }

    [Test]
    public void AllowedMethods_UnknownPath_IsEmpty()
    {
        var map = TestMaps.With("/item");

        map.AllowedMethods("/other").ShouldBeEmpty();
    }

    [Test]
    public void Match_ManyRoutes_StillFindsEachOne()
    {
        var map = new Map();
        for (var i = 0; i < 25; i++)
        {
            map.Add($"/static{i}", $"s{i}");
            map.Add($"/dyn{i}/<int:id>", $"d{i}");
        }

        map.EndpointFor("/static24").ShouldBe("s24");
        map.Match("/dyn13/5", "GET").Rule.Endpoint.ShouldBe("d13");
    }
}
