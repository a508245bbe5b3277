using MicroFlask.Http;
using MicroFlask.Routing;

namespace MicroFlask.Tests.Routing;

/// <summary>Alias rules, as Werkzeug 3.1's test_alias_redirects pins them.</summary>
public class MapAliasTests
{
    private static Map AliasMap()
    {
        var pageOne = new Dictionary<string, object?> { ["page"] = 1 };
        var map = new Map();
        map.Add("/", "index");
        map.Add("/index.html", "index", alias: true);
        map.Add("/users/", "users", defaults: pageOne);
        map.Add("/users/index.html", "users", defaults: pageOne, alias: true);
        map.Add("/users/page/<int:page>", "users");
        map.Add("/users/page-<int:page>.html", "users", alias: true);
        return map;
    }

    [TestCase("/index.html", "/")]
    [TestCase("/users/index.html", "/users/")]
    [TestCase("/users/page-2.html", "/users/page/2")]
    [TestCase("/users/page-1.html", "/users/")]
    public void Match_Alias_RedirectsToTheCanonicalUrl(string path, string target) =>
        Should.Throw<RequestRedirectException>(() => AliasMap().Match(path, "GET")).NewUrl.ShouldBe(target);

    [Test]
    public void Match_Alias_Is308() =>
        Should.Throw<RequestRedirectException>(() => AliasMap().Match("/index.html", "GET")).Code.ShouldBe(308);

    [TestCase("index", 0, "/")]
    [TestCase("users", 1, "/users/")]
    [TestCase("users", 2, "/users/page/2")]
    public void Build_EndpointWithAlias_UsesTheRuleThatIsNoAlias(string endpoint, int page, string url) =>
        AliasMap().Build(endpoint, page == 0 ? null : TestMaps.Values(("page", page))).ShouldBe(url);

    [Test]
    public void Match_AliasWithoutCanonicalRule_ThrowsNamingTheFix()
    {
        var map = new Map();
        map.Add("/old", "only", alias: true);

        Should.Throw<InvalidOperationException>(() => map.Match("/old", "GET")).Message.ShouldContain("without alias: true");
    }

    [Test]
    public void Add_Alias_IsMarked() =>
        AliasMap().RulesFor("index").Single(rule => rule.Pattern == "/index.html").Alias.ShouldBeTrue();
}
