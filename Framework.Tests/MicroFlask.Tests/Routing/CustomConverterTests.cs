using MicroFlask.Http;
using MicroFlask.Routing;

namespace MicroFlask.Tests.Routing;

public class CustomConverterTests
{
    /// <summary>"a+b+c" in the URL is a string[] in the view; <c>&lt;list(separator=...):x&gt;</c> changes the '+'.</summary>
    private sealed class ListConverter(ConverterArguments args) : RouteConverter
    {
        private readonly string _separator = args.Named.TryGetValue("separator", out var value) ? (string)value! : "+";

        public override object ToValue(string value) => value.Split(_separator);

        public override string ToUrl(object value) =>
            string.Join(_separator, ((IEnumerable<string>)value).Select(item => Quote(item)));
    }

    /// <summary>Only even numbers, tried before the built-in int.</summary>
    private sealed class EvenConverter : RouteConverter
    {
        public override string Regex => @"\d+";

        public override int Weight => 10;

        public override object ToValue(string value) =>
            int.Parse(value) % 2 == 0 ? int.Parse(value) : throw new RouteValidationException("odd");
    }

    /// <summary>A date spanning three segments.</summary>
    private sealed class SlashDateConverter : RouteConverter
    {
        public override string Regex => @"\d{4}/\d{2}/\d{2}";

        public override bool PartIsolating => false;

        public override object ToValue(string value) => DateOnly.ParseExact(value, "yyyy/MM/dd");
    }

    private static Map ListMap(string pattern = "/tags/<list:tags>")
    {
        var map = new Map();
        map.Converters.Add("list", args => new ListConverter(args));
        map.Add(pattern, "tags");
        return map;
    }

    [Test]
    public void Match_CustomConverter_SplitsValue()
    {
        ListMap().OnlyArgument("/tags/a+b+c").ShouldBe(new[] { "a", "b", "c" });
    }

    [Test]
    public void Match_CustomConverterWithArguments_UsesThem()
    {
        ListMap("/tags/<list(separator=','):tags>").OnlyArgument("/tags/a,b").ShouldBe(new[] { "a", "b" });
    }

    [Test]
    public void Build_CustomConverter_JoinsValue()
    {
        ListMap().Build("tags", TestMaps.Values(("tags", new[] { "a", "b c" }))).ShouldBe("/tags/a+b%20c");
    }

    [Test]
    public void Build_ThenMatch_CustomConverterRoundTrips()
    {
        var map = ListMap();
        string[] tags = ["x", "ÿ z", "q"];

        map.OnlyArgument(Uri.UnescapeDataString(map.Build("tags", TestMaps.Values(("tags", tags))))).ShouldBe(tags);
    }

    [TestCase("/n/4", "even")]
    [TestCase("/n/3", "int")]
    public void Match_CustomConverterRejects_FallsBackToNextRule(string path, string endpoint)
    {
        var map = new Map();
        map.Converters.Add("even", () => new EvenConverter());
        map.Add("/n/<int:n>", "int");
        map.Add("/n/<even:n>", "even");

        map.EndpointFor(path).ShouldBe(endpoint);
    }

    [Test]
    public void Match_CustomConverterNotPartIsolating_SpansSegments()
    {
        var map = new Map();
        map.Converters.Add("date", () => new SlashDateConverter());
        map.Add("/archive/<date:day>/comments", "comments");

        map.OnlyArgument("/archive/2024/02/29/comments").ShouldBe(new DateOnly(2024, 2, 29));
    }

    [Test]
    public void Add_ArgumentsToConverterWithout_ThrowsArgumentException()
    {
        var map = new Map();
        map.Converters.Add("even", () => new EvenConverter());

        Should.Throw<ArgumentException>(() => map.Add("/<even(2):n>", "e")).Message.ShouldContain("takes no arguments");
    }

    [Test]
    public void ConvertersAdd_InvalidName_ThrowsArgumentException()
    {
        Should.Throw<ArgumentException>(() => new Map().Converters.Add("bad name", () => new EvenConverter()));
    }

    [Test]
    public void ConvertersAdd_ExistingName_ReplacesIt()
    {
        var map = new Map();
        map.Converters.Add("int", () => new EvenConverter());
        map.Add("/n/<int:n>", "n");

        Should.Throw<HttpException>(() => map.Match("/n/3", "GET")).Code.ShouldBe(404);
    }
}
