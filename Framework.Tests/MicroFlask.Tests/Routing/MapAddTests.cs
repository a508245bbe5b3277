using MicroFlask.Routing;

namespace MicroFlask.Tests.Routing;

public class MapAddTests
{
    [TestCase("no-slash", "must start with a slash")]
    [TestCase("/a/<id", "is not closed by '>'")]
    [TestCase("/a/<1id>", "'1id' is not a valid variable name")]
    [TestCase("/a/<int:>", "'' is not a valid variable name")]
    [TestCase("/a/<nope:id>", "There is no converter 'nope': register it with app.UrlMap.Converters.Add(\"nope\", ...)")]
    [TestCase("/a/<id>/<id>", "uses the variable name 'id' twice")]
    [TestCase("/a/<int(bogus=1):id>", "converter 'int' has no argument 'bogus'")]
    [TestCase("/a/<int(min=x y):id>", "Cannot read the converter argument 'x y': quote text values")]
    [TestCase("/a/<int(1, 2, 3, True, 5):id>", "takes at most 4 arguments")]
    [TestCase("/a/<int(signed=1):id>", "must be True or False")]
    [TestCase("/a/<any():id>", "needs at least one item")]
    [TestCase("/a/<uuid(1):id>", "converter 'uuid' takes no arguments")]
    public void Add_InvalidPattern_ThrowsArgumentExceptionSayingWhy(string pattern, string reason)
    {
        Should.Throw<ArgumentException>(() => new Map().Add(pattern, "e")).Message.ShouldContain(reason);
    }

    [TestCase("no-slash")]
    [TestCase("/a/<id")]
    [TestCase("/a/<nope:id>")]
    [TestCase("/a/<int(bogus=1):id>")]
    [TestCase("/a/<int(min=x y):id>")]
    [TestCase("/a/<any():id>")]
    public void Add_InvalidPattern_SaysSoInSentencesNamingTheRule(string pattern)
    {
        var error = Should.Throw<ArgumentException>(() => new Map().Add(pattern, "e"));
        var message = error.Message.Replace(" (Parameter 'pattern')", "", StringComparison.Ordinal);

        message.ShouldStartWith($"The URL rule '{pattern}' ");
        message.ShouldEndWith(".");
    }

    [Test]
    public void Add_NoMethods_AcceptsGetAndHead()
    {
        new Map().Add("/a", "a").Methods.ShouldBe(["GET", "HEAD"], ignoreOrder: true);
    }

    [Test]
    public void Add_LowerCaseMethodsWithGet_UpperCasesAndAddsHead()
    {
        new Map().Add("/a", "a", ["get", "post"]).Methods.ShouldBe(["GET", "HEAD", "POST"], ignoreOrder: true);
    }

    [Test]
    public void Add_PostOnly_DoesNotAddHead()
    {
        new Map().Add("/a", "a", ["POST"]).Methods.ShouldBe(["POST"]);
    }

    [Test]
    public void Add_EmptyMethods_ThrowsArgumentException()
    {
        Should.Throw<ArgumentException>(() => new Map().Add("/a", "a", []));
    }

    [Test]
    public void Add_AutomaticOptions_AddsOptionsToMethods()
    {
        var rule = new Map().Add("/a", "a");

        rule.ProvideAutomaticOptions = true;

        rule.Methods.ShouldBe(["GET", "HEAD", "OPTIONS"], ignoreOrder: true);
    }

    [Test]
    public void Add_AutomaticOptionsTurnedOff_RemovesOptionsAgain()
    {
        var rule = new Map().Add("/a", "a");
        rule.ProvideAutomaticOptions = true;

        rule.ProvideAutomaticOptions = false;

        rule.Methods.ShouldBe(["GET", "HEAD"], ignoreOrder: true);
    }

    [Test]
    public void Add_Pattern_ListsArgumentsInOrder()
    {
        new Map().Add("/<b>/<int:a>/<path:c>", "e").Arguments.ShouldBe(["b", "a", "c"]);
    }

    [TestCase(null, true)]
    [TestCase(false, false)]
    public void Add_StrictSlashesNotGiven_UsesMapDefault(bool? ruleSetting, bool expected)
    {
        new Map().Add("/a/", "a", strictSlashes: ruleSetting).StrictSlashes.ShouldBe(expected);
    }

    [Test]
    public void Add_Rules_AreListedInOrder()
    {
        var map = TestMaps.With("/b", "/a");

        map.Rules.Select(rule => rule.Pattern).ShouldBe(["/b", "/a"]);
    }

    [Test]
    public void ConverterRegistry_New_HasTheBuiltIns()
    {
        new ConverterRegistry().Names.ShouldBe(["default", "string", "int", "float", "path", "uuid", "any"], ignoreOrder: true);
    }
}
