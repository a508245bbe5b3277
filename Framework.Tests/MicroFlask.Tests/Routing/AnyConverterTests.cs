using MicroFlask.Http;
using MicroFlask.Routing;

namespace MicroFlask.Tests.Routing;

public class AnyConverterTests
{
    private const string Pattern = "/<any(about, help, 'a.b'):page>";

    [TestCase("/about", "about")]
    [TestCase("/help", "help")]
    [TestCase("/a.b", "a.b")]
    public void Match_ListedItem_ReturnsIt(string path, string expected)
    {
        TestMaps.With(Pattern).OnlyArgument(path).ShouldBe(expected);
    }

    [TestCase("/other")]
    [TestCase("/aboutx")]
    [TestCase("/axb")]
    public void Match_UnlistedItem_Throws404(string path)
    {
        Should.Throw<HttpException>(() => TestMaps.With(Pattern).Match(path, "GET")).Code.ShouldBe(404);
    }

    [Test]
    public void Build_ListedItem_WritesIt()
    {
        TestMaps.With(Pattern).Build(Pattern, TestMaps.Values(("page", "help"))).ShouldBe("/help");
    }

    [Test]
    public void Build_UnlistedItem_ThrowsBuildExceptionNamingTheItems()
    {
        var error = Should.Throw<BuildException>(() => TestMaps.With(Pattern).Build(Pattern, TestMaps.Values(("page", "x"))));

        error.Message.ShouldContain("'x' is not one of 'about', 'help', 'a.b'");
    }
}
