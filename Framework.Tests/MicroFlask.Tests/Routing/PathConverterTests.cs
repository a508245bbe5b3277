using MicroFlask.Http;
using MicroFlask.Routing;

namespace MicroFlask.Tests.Routing;

public class PathConverterTests
{
    [TestCase("/static/<path:file>", "/static/css/site.css", "css/site.css")]
    [TestCase("/static/<path:file>", "/static/a", "a")]
    [TestCase("/<path:p>/edit", "/docs/a/edit", "docs/a")]
    [TestCase("/<path:p>", "/a//b", "a//b")]
    public void Match_AnyDepth_ReturnsTheRest(string pattern, string path, string expected)
    {
        TestMaps.With(pattern).OnlyArgument(path).ShouldBe(expected);
    }

    [Test]
    public void Match_Empty_Throws404()
    {
        Should.Throw<HttpException>(() => TestMaps.With("/static/<path:file>").Match("/static/", "GET")).Code.ShouldBe(404);
    }

    // As Flask's static route: the value may not start with '/', and the merged path is a redirect.
    [Test]
    public void Match_LeadingSlash_RedirectsMerged()
    {
        Should.Throw<RequestRedirectException>(() => TestMaps.With("/static/<path:file>").Match("/static//a", "GET")).NewUrl.ShouldBe("/static/a");
    }

    [Test]
    public void Match_PathAndString_StringPreferredForOneSegment()
    {
        var map = TestMaps.With("/<path:p>", "/<s>");

        map.EndpointFor("/one").ShouldBe("/<s>");
    }

    [TestCase("css/site.css", "/static/css/site.css")]
    [TestCase("a b/c?d", "/static/a%20b/c%3Fd")]
    public void Build_Value_KeepsSlashes(string value, string expected)
    {
        TestMaps.With("/static/<path:file>").Build("/static/<path:file>", TestMaps.Values(("file", value))).ShouldBe(expected);
    }
}
