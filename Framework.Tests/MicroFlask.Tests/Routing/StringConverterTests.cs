using MicroFlask.Http;
using MicroFlask.Routing;

namespace MicroFlask.Tests.Routing;

public class StringConverterTests
{
    [TestCase("/p/<name>", "/p/hello", "hello")]
    [TestCase("/p/<string:name>", "/p/with space", "with space")]
    [TestCase("/p/<string(length=2):name>", "/p/en", "en")]
    [TestCase("/p/<string(minlength=2, maxlength=3):name>", "/p/abc", "abc")]
    [TestCase("/p/<string(2, 3):name>", "/p/ab", "ab")]
    public void Match_AcceptedSegment_ReturnsString(string pattern, string path, string expected)
    {
        TestMaps.With(pattern).OnlyArgument(path).ShouldBe(expected);
    }

    [TestCase("/p/<name>", "/p/a/b")]
    [TestCase("/p/<name>", "/p/")]
    [TestCase("/p/<string(length=2):name>", "/p/eng")]
    [TestCase("/p/<string(minlength=2, maxlength=3):name>", "/p/a")]
    [TestCase("/p/<string(minlength=2, maxlength=3):name>", "/p/abcd")]
    public void Match_RejectedSegment_Throws404(string pattern, string path)
    {
        Should.Throw<HttpException>(() => TestMaps.With(pattern).Match(path, "GET")).Code.ShouldBe(404);
    }

    [TestCase("a/b", "/p/a%2Fb")]
    [TestCase("a b", "/p/a%20b")]
    [TestCase("x?y#z", "/p/x%3Fy%23z")]
    [TestCase("a+b:c@d", "/p/a+b:c@d")]
    [TestCase("100%", "/p/100%25")]
    [TestCase("é", "/p/%C3%A9")]
    public void Build_Value_PercentEncodesSlashAndReserved(string value, string expected)
    {
        var map = TestMaps.With("/p/<name>");

        map.Build("/p/<name>", TestMaps.Values(("name", value))).ShouldBe(expected);
    }

    [Test]
    public void Build_NonStringValue_FormatsInvariant()
    {
        var map = TestMaps.With("/p/<name>");

        map.Build("/p/<name>", TestMaps.Values(("name", 1.5))).ShouldBe("/p/1.5");
    }
}
