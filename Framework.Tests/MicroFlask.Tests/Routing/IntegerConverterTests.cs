using MicroFlask.Http;
using MicroFlask.Routing;

namespace MicroFlask.Tests.Routing;

public class IntegerConverterTests
{
    [TestCase("/n/<int:n>", "/n/42", 42)]
    [TestCase("/n/<int:n>", "/n/007", 7)]
    [TestCase("/n/<int(signed=True):n>", "/n/-5", -5)]
    [TestCase("/n/<int(min=1, max=99):n>", "/n/99", 99)]
    [TestCase("/n/<int(fixed_digits=4):n>", "/n/0042", 42)]
    public void Match_AcceptedNumber_ReturnsInt(string pattern, string path, int expected)
    {
        TestMaps.With(pattern).OnlyArgument(path).ShouldBe(expected);
    }

    [Test]
    public void Match_NumberBeyondInt_ReturnsLong()
    {
        TestMaps.With("/n/<int:n>").OnlyArgument("/n/9999999999").ShouldBe(9999999999L);
    }

    [TestCase("/n/<int:n>", "/n/abc")]
    [TestCase("/n/<int:n>", "/n/-5")]
    [TestCase("/n/<int:n>", "/n/1.5")]
    [TestCase("/n/<int:n>", "/n/99999999999999999999999")]
    [TestCase("/n/<int(min=1, max=99):n>", "/n/0")]
    [TestCase("/n/<int(min=1, max=99):n>", "/n/100")]
    [TestCase("/n/<int(fixed_digits=4):n>", "/n/42")]
    public void Match_RejectedNumber_Throws404(string pattern, string path)
    {
        Should.Throw<HttpException>(() => TestMaps.With(pattern).Match(path, "GET")).Code.ShouldBe(404);
    }

    [TestCase("/n/<int:n>", 42, "/n/42")]
    [TestCase("/n/<int:n>", 9999999999L, "/n/9999999999")]
    [TestCase("/n/<int:n>", "17", "/n/17")]
    [TestCase("/n/<int(fixed_digits=4):n>", 42, "/n/0042")]
    [TestCase("/n/<int(signed=True):n>", -3, "/n/-3")]
    public void Build_Number_WritesDigits(string pattern, object value, string expected)
    {
        TestMaps.With(pattern).Build(pattern, TestMaps.Values(("n", value))).ShouldBe(expected);
    }

    [TestCase("/n/<int:n>", "abc")]
    public void Build_RejectedNumber_ThrowsBuildException(string pattern, object value)
    {
        Should.Throw<BuildException>(() => TestMaps.With(pattern).Build(pattern, TestMaps.Values(("n", value))));
    }

    // Werkzeug's to_url only pads: sign, bounds and digit count are checked when matching, not when building.
    [TestCase("/n/<int:n>", -3, "/n/-3")]
    [TestCase("/n/<int(max=9):n>", 10, "/n/10")]
    [TestCase("/n/<int(fixed_digits=3):n>", 1234, "/n/1234")]
    public void Build_OutOfBounds_BuildsAsWerkzeug(string pattern, int value, string url)
    {
        TestMaps.With(pattern).Build(pattern, TestMaps.Values(("n", value))).ShouldBe(url);
    }

    [TestCase(0)]
    [TestCase(5)]
    [TestCase(999)]
    public void Build_ThenMatch_GivesTheSameInt(int value)
    {
        var map = TestMaps.With("/n/<int(fixed_digits=3):n>");

        map.OnlyArgument(map.Build("/n/<int(fixed_digits=3):n>", TestMaps.Values(("n", value)))).ShouldBe(value);
    }
}
