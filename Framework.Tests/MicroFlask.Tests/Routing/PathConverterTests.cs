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

    [TestCase("/static/")]
    [TestCase("/static//a")]
    public void Match_EmptyOrLeadingSlash_Throws404(string path)
    {
        Should.Throw<HttpException>(() => TestMaps.With("/static/<path:file>").Match(path, "GET")).Code.ShouldBe(404);
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
