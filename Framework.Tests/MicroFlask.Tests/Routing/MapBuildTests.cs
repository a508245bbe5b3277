using MicroFlask.Routing;

namespace MicroFlask.Tests.Routing;

public class MapBuildTests
{
    [Test]
    public void Build_StaticRule_ReturnsPattern()
    {
        TestMaps.With("/about").Build("/about").ShouldBe("/about");
    }

    [Test]
    public void Build_Variable_FillsIt()
    {
        var map = new Map();
        map.Add("/user/<int:id>", "user");

        map.Build("user", TestMaps.Values(("id", 42))).ShouldBe("/user/42");
    }

    [Test]
    public void Build_ExtraValues_BecomeQueryInInsertionOrder()
    {
        var map = new Map();
        map.Add("/user/<int:id>", "user");

        map.Build("user", TestMaps.Values(("id", 42), ("page", 2), ("sort", "name"))).ShouldBe("/user/42?page=2&sort=name");
    }

    [TestCase("a b", "?q=a+b")]
    [TestCase("x&y=z", "?q=x%26y%3Dz")]
    [TestCase("1+1", "?q=1%2B1")]
    [TestCase("/path?", "?q=/path?")]
    [TestCase("ü", "?q=%C3%BC")]
    public void Build_QueryValue_IsUrlEncoded(string value, string expected)
    {
        TestMaps.With("/").Build("/", TestMaps.Values(("q", value))).ShouldBe("/" + expected);
    }

    [Test]
    public void Build_NullQueryValue_IsSkipped()
    {
        TestMaps.With("/").Build("/", TestMaps.Values(("a", null), ("b", 1))).ShouldBe("/?b=1");
    }

    [Test]
    public void Build_ListQueryValue_RepeatsTheKey()
    {
        TestMaps.With("/").Build("/", TestMaps.Values(("tag", new[] { "x", "y" }))).ShouldBe("/?tag=x&tag=y");
    }

    [Test]
    public void Build_DoubleQueryValue_FormatsInvariant()
    {
        TestMaps.With("/").Build("/", TestMaps.Values(("x", 0.5))).ShouldBe("/?x=0.5");
    }

    [Test]
    public void Build_SeveralRulesForEndpoint_PrefersTheOneUsingMoreValues()
    {
        var map = new Map();
        map.Add("/all/", "entries");
        map.Add("/all/page/<int:page>", "entries");

        map.Build("entries", TestMaps.Values(("page", 3))).ShouldBe("/all/page/3");
    }

    [Test]
    public void Build_SeveralRulesMissingValue_FallsBackToRuleWithoutIt()
    {
        var map = new Map();
        map.Add("/all/", "entries");
        map.Add("/all/page/<int:page>", "entries");

        map.Build("entries").ShouldBe("/all/");
    }

    [TestCase("POST", "/save/post")]
    [TestCase(null, "/save/get")]
    [TestCase("get", "/save/get")]
    public void Build_Method_PicksTheRuleAcceptingIt(string? method, string expected)
    {
        var map = new Map();
        map.Add("/save/post", "save", ["POST"]);
        map.Add("/save/get", "save");

        map.Build("save", method: method).ShouldBe(expected);
    }

    [Test]
    public void Build_UnknownEndpoint_ThrowsBuildExceptionNamingIt()
    {
        var error = Should.Throw<BuildException>(() => TestMaps.With("/a").Build("missing"));

        error.Message.ShouldBe("Could not build a URL for endpoint 'missing'. No rule has this endpoint.");
    }

    [Test]
    public void Build_MissingValue_ThrowsBuildExceptionNamingMissingAndOffered()
    {
        var map = new Map();
        map.Add("/user/<int:id>", "user");

        var error = Should.Throw<BuildException>(() => map.Build("user", TestMaps.Values(("page", 1))));

        error.Message.ShouldBe(
            "Could not build a URL for endpoint 'user'. Did you forget to specify values [id] for rule '/user/<int:id>'? Offered values: [page].");
    }

    [Test]
    public void Build_NullForVariable_CountsAsMissing()
    {
        var map = new Map();
        map.Add("/user/<int:id>", "user");

        Should.Throw<BuildException>(() => map.Build("user", TestMaps.Values(("id", null))));
    }

    [Test]
    public void Build_MethodNoRuleAccepts_ThrowsBuildExceptionListingMethods()
    {
        var map = new Map();
        map.Add("/a", "a");

        var error = Should.Throw<BuildException>(() => map.Build("a", method: "DELETE"));

        error.Message.ShouldBe("Could not build a URL for endpoint 'a' with method 'DELETE'. Its rules accept only: GET, HEAD.");
    }

    [Test]
    public void Build_Failure_ExposesEndpointAndValues()
    {
        var values = TestMaps.Values(("x", 1));

        var error = Should.Throw<BuildException>(() => TestMaps.With("/a").Build("b", values));

        (error.Endpoint, error.Values).ShouldBe(("b", values));
    }

    [Test]
    public void RulesFor_Endpoint_ReturnsOnlyItsRules()
    {
        var map = new Map();
        var first = map.Add("/a", "a");
        map.Add("/b", "b");
        var second = map.Add("/a/<int:n>", "a");

        map.RulesFor("a").ShouldBe([second, first]);
    }

    [Test]
    public void RulesFor_UnknownEndpoint_IsEmpty()
    {
        TestMaps.With("/a").RulesFor("nope").ShouldBeEmpty();
    }
}
