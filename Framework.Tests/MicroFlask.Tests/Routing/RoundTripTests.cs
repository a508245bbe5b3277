using MicroFlask.Routing;

namespace MicroFlask.Tests.Routing;

public class RoundTripTests
{
    // Build gives an encoded URL; the server decodes PATH_INFO before Match, so the test does the same.
    private static IReadOnlyDictionary<string, object?> RoundTrip(string pattern, IReadOnlyDictionary<string, object?> values)
    {
        var map = TestMaps.With(pattern);
        var url = map.Build(pattern, values);
        return map.Match(Uri.UnescapeDataString(url), "GET").Arguments;
    }

    [TestCase("plain")]
    [TestCase("with space")]
    [TestCase("ünïcödé")]
    [TestCase("日本語")]
    [TestCase("emoji 😀")]
    [TestCase("100% sure?")]
    [TestCase("a+b&c=d#e")]
    public void BuildThenMatch_StringValue_GivesItBack(string value)
    {
        RoundTrip("/s/<name>", TestMaps.Values(("name", value)))["name"].ShouldBe(value);
    }

    [TestCase("dir/file name.txt")]
    [TestCase("ü/ö/ä")]
    public void BuildThenMatch_PathValue_GivesItBack(string value)
    {
        RoundTrip("/p/<path:rest>", TestMaps.Values(("rest", value)))["rest"].ShouldBe(value);
    }

    [Test]
    public void BuildThenMatch_MixedRule_GivesAllValuesBack()
    {
        var id = Guid.NewGuid();
        var values = TestMaps.Values(("lang", "en"), ("n", 12), ("x", 0.5), ("id", id), ("rest", "a b/c"));

        RoundTrip("/<string(length=2):lang>/<int:n>/<float:x>/<uuid:id>/<path:rest>", values).ShouldBe(values, ignoreOrder: true);
    }
}
