using MicroFlask.Http;
using MicroFlask.Routing;

namespace MicroFlask.Tests.Routing;

public class FloatConverterTests
{
    [TestCase("/f/<float:x>", "/f/1.5", 1.5)]
    [TestCase("/f/<float:x>", "/f/0.25", 0.25)]
    [TestCase("/f/<float(signed=True):x>", "/f/-2.5", -2.5)]
    [TestCase("/f/<float(min=0.5, max=2):x>", "/f/2.0", 2.0)]
    public void Match_AcceptedNumber_ReturnsDouble(string pattern, string path, double expected)
    {
        TestMaps.With(pattern).OnlyArgument(path).ShouldBe(expected);
    }

    [TestCase("/f/<float:x>", "/f/1")]
    [TestCase("/f/<float:x>", "/f/.5")]
    [TestCase("/f/<float:x>", "/f/-1.5")]
    [TestCase("/f/<float:x>", "/f/1e5")]
    [TestCase("/f/<float(max=2):x>", "/f/2.5")]
    public void Match_RejectedNumber_Throws404(string pattern, string path)
    {
        Should.Throw<HttpException>(() => TestMaps.With(pattern).Match(path, "GET")).Code.ShouldBe(404);
    }

    [TestCase(1.5, "/f/1.5")]
    [TestCase(3.0, "/f/3.0")]
    [TestCase(0.00001, "/f/0.00001")]
    [TestCase(1e20, "/f/100000000000000000000.0")]
    public void Build_Number_WritesDecimalWithPoint(double value, string expected)
    {
        TestMaps.With("/f/<float:x>").Build("/f/<float:x>", TestMaps.Values(("x", value))).ShouldBe(expected);
    }

    [Test]
    public void Build_NegativeWhenUnsigned_BuildsAsWerkzeug()
    {
        TestMaps.With("/f/<float:x>").Build("/f/<float:x>", TestMaps.Values(("x", -1.0))).ShouldBe("/f/-1.0");
    }

    [TestCase(0.1)]
    [TestCase(123.456)]
    [TestCase(1e-7)]
    [TestCase(-42.5)]
    public void Build_ThenMatch_GivesTheSameDouble(double value)
    {
        var map = TestMaps.With("/f/<float(signed=True):x>");

        map.OnlyArgument(map.Build("/f/<float(signed=True):x>", TestMaps.Values(("x", value)))).ShouldBe(value);
    }
}
