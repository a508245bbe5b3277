using MicroFlask.Http;
using MicroFlask.Routing;

namespace MicroFlask.Tests.Routing;

/// <summary>Subdomain and host matching on the map, modelled on Werkzeug 3.1's tests/test_routing.py.</summary>
public class MapDomainTests
{
    // TestSubdomainMatching's map.
    private static Map SubdomainMap()
    {
        var map = new Map();
        map.Add("/", "index");
        map.Add("/", "static", subdomain: "static");
        map.Add("/<word>", "lookup", subdomain: "<lang>");
        return map;
    }

    // TestHostMatching's map.
    private static Map HostMap()
    {
        var map = new Map { HostMatching = true };
        map.Add("/", "index", host: "app.test");
        map.Add("/", "lang", host: "<lang>.app.test");
        map.Add("/page/", "page", host: "app.<domain>", defaults: new Dictionary<string, object?> { ["page"] = 1 });
        map.Add("/page/<int:page>/", "page", host: "pages.<domain>");
        return map;
    }

    [Test] // TestSubdomainMatching.test_match_no_subdomain
    public void Match_NoSubdomain_ReachesTheDefaultRule() =>
        SubdomainMap().Match("/", "GET", "").Rule.Endpoint.ShouldBe("index");

    [Test] // TestSubdomainMatching.test_match_subdomain
    public void Match_StaticSubdomain_ReachesItsRule() =>
        SubdomainMap().Match("/", "GET", "static").Rule.Endpoint.ShouldBe("static");

    [Test] // TestSubdomainMatching.test_match_args
    public void Match_SubdomainVariable_JoinsTheArguments()
    {
        var match = SubdomainMap().Match("/道具", "GET", "jp");

        match.Rule.Endpoint.ShouldBe("lookup");
        match.Arguments.ShouldBe(new Dictionary<string, object?> { ["lang"] = "jp", ["word"] = "道具" }, ignoreOrder: true);
    }

    [Test] // TestSubdomainMatching.test_rule_default_subdomain
    public void Add_WithoutSubdomain_HasNone() =>
        SubdomainMap().RulesFor("index").Single().Subdomain.ShouldBeNull();

    [Test] // test_invalid_subdomain_warning: an invalid subdomain matches no rule
    public void Match_UnknownSubdomain_Is404() =>
        Should.Throw<HttpException>(() => SubdomainMap().Match("/", "GET", "<invalid>")).Code.ShouldBe(404);

    [Test]
    public void Match_WithoutDomain_IgnoresSubdomainRules() =>
        Should.Throw<HttpException>(() => SubdomainMap().Match("/jp-word", "GET")).Code.ShouldBe(404);

    [Test] // test_request_redirect_default_subdomain
    public void Match_DefaultsOfRuleOnOtherSubdomain_RedirectThere()
    {
        var map = new Map();
        map.Add("/foo", "foo", defaults: new Dictionary<string, object?> { ["bar"] = 42 }, subdomain: "test");
        map.Add("/foo/<int:bar>", "foo", subdomain: "other");

        var redirect = Should.Throw<RequestRedirectException>(() => map.Match("/foo/42", "GET", "other"));

        redirect.NewUrl.ShouldBe("/foo");
        redirect.Domain.ShouldBe("test");
    }

    [Test] // test_basic_building: the rule's subdomain is its domain part
    public void BuildParts_SubdomainRule_GivesItsSubdomain()
    {
        var map = new Map();
        map.Add("/", "index");
        map.Add("/hehe", "blah", subdomain: "blah");

        map.BuildParts("blah").ShouldBe(("blah", "/hehe"));
        map.BuildParts("index").ShouldBe(("", "/"));
    }

    [Test]
    public void BuildParts_SubdomainVariable_IsWrittenInAndLeftOutOfTheQuery() =>
        SubdomainMap().BuildParts("lookup", TestMaps.Values(("lang", "de"), ("word", "haus"))).ShouldBe(("de", "/haus"));

    [Test]
    public void Build_SubdomainVariableMissing_IsABuildError() =>
        Should.Throw<BuildException>(() => SubdomainMap().Build("lookup", TestMaps.Values(("word", "haus"))));

    [Test] // TestHostMatching.test_match_host
    public void Match_Host_ReachesItsRule() =>
        HostMap().Match("/", "GET", "app.test").Rule.Endpoint.ShouldBe("index");

    [Test] // TestHostMatching.test_no_match_other_host
    public void Match_OtherHost_Is404() =>
        Should.Throw<HttpException>(() => HostMap().Match("/", "GET", "somewhere.test")).Code.ShouldBe(404);

    [Test] // TestHostMatching.test_match_host_prefix
    public void Match_HostPrefixVariable_IsAnArgument() =>
        HostMap().Match("/", "GET", "en.app.test").Arguments.ShouldBe(new Dictionary<string, object?> { ["lang"] = "en" });

    [Test] // TestHostMatching.test_match_host_suffix
    public void Match_HostSuffixVariable_TakesTheDots()
    {
        var match = HostMap().Match("/page/", "GET", "app.personal.test");

        match.Rule.Endpoint.ShouldBe("page");
        match.Arguments.ShouldBe(new Dictionary<string, object?> { ["domain"] = "personal.test", ["page"] = 1 }, ignoreOrder: true);
    }

    [Test] // TestHostMatching.test_match_redirect_trailing_slash
    public void Match_HostRuleWithoutTrailingSlash_RedirectsOnTheSameHost()
    {
        var redirect = Should.Throw<RequestRedirectException>(() => HostMap().Match("/page", "GET", "app.other.test"));

        redirect.NewUrl.ShouldBe("/page/");
        redirect.Domain.ShouldBeNull();
    }

    [Test] // TestHostMatching.test_match_redirect_other_host
    public void Match_DefaultsOfRuleOnOtherHost_RedirectToThatHost()
    {
        var redirect = Should.Throw<RequestRedirectException>(() => HostMap().Match("/page/1/", "GET", "pages.personal.test"));

        redirect.NewUrl.ShouldBe("/page/");
        redirect.Domain.ShouldBe("app.personal.test");
    }

    [Test] // TestHostMatching.test_build_other_host
    public void BuildParts_HostVariable_IsWrittenIntoTheHost() =>
        HostMap().BuildParts("page", TestMaps.Values(("domain", "personal.test"))).ShouldBe(("app.personal.test", "/page/"));

    [Test] // test_build_url_same_endpoint_multiple_hosts
    public void BuildParts_SameEndpointOnTwoHosts_TakesTheFirst()
    {
        var map = new Map { HostMatching = true };
        map.Add("/", "index", host: "alpha.example.com");
        map.Add("/", "index", host: "beta.example.com");

        map.BuildParts("index").ShouldBe(("alpha.example.com", "/"));
        map.Match("/", "GET", "beta.example.com").Rule.Host.ShouldBe("beta.example.com");
    }

    [Test] // test_server_name_matching: with host matching the subdomain is ignored
    public void Add_SubdomainWithHostMatching_MatchesTheHost()
    {
        var map = new Map { HostMatching = true };
        map.Add("/", "index", subdomain: "<name>", host: "<name>.example.test");

        map.Match("/", "GET", "abc.example.test").Arguments["name"].ShouldBe("abc");
    }

    [Test] // a rule without a host matches any host here, so the static route needs no static_host
    public void Match_RuleWithoutHost_MatchesAnyHostLast()
    {
        var map = new Map { HostMatching = true };
        map.Add("/", "any");
        map.Add("/", "index", host: "app.test");

        map.Match("/", "GET", "app.test").Rule.Endpoint.ShouldBe("index");
        map.Match("/", "GET", "else.test").Rule.Endpoint.ShouldBe("any");
    }

    [Test]
    public void HostMatching_SetAfterADomainRule_Throws()
    {
        var map = new Map();
        map.Add("/", "index", subdomain: "api");

        Should.Throw<InvalidOperationException>(() => map.HostMatching = true).Message.ShouldContain("before adding rules");
    }

    [Test]
    public void Match_SubdomainRuleOtherMethod_Is405WithItsMethods()
    {
        var map = new Map();
        map.Add("/", "post", methods: ["POST"], subdomain: "api");

        Should.Throw<MethodNotAllowedException>(() => map.Match("/", "GET", "api")).ValidMethods.ShouldContain("POST");
    }

    [Test]
    public void Match_IntConverterInSubdomain_RejectsText()
    {
        var map = new Map();
        map.Add("/", "shard", subdomain: "<int:shard>");

        map.Match("/", "GET", "7").Arguments["shard"].ShouldBe(7);
        Should.Throw<HttpException>(() => map.Match("/", "GET", "www")).Code.ShouldBe(404);
    }

    [Test] // the routing benchmark's path: a static rule of a map without domains stays allocation-free
    public void Match_StaticPathWithoutDomains_AllocatesNothing()
    {
        var map = TestMaps.With("/", "/about", "/user/<name>");
        map.Match("/about", "GET");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var match = map.Match("/about", "GET");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        match.Rule.Endpoint.ShouldBe("/about");
        allocated.ShouldBe(0);
    }
}
