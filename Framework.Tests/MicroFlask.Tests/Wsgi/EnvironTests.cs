using MicroFlask.Wsgi;

namespace MicroFlask.Tests.Wsgi;

public class EnvironTests
{
    [Test]
    public void Count_IsTheNumberOfPairsEnumerated()
    {
        var environ = new Environ { RequestMethod = "GET", PathInfo = "/" };
        environ["HTTP_X_TRACE"] = "1";
        environ["custom.key"] = "value";

        environ.Count.ShouldBe(environ.Select(pair => pair.Key).Count());
    }

    [Test]
    public void Count_GrowsWithAnExtraKey()
    {
        var environ = new Environ();
        var before = environ.Count;

        environ["custom.key"] = "value";

        environ.Count.ShouldBe(before + 1);
    }
}
