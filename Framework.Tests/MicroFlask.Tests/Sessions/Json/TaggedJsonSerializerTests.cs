using System.Numerics;
using System.Text.Json;
using MicroFlask.Http;
using MicroFlask.Sessions.Json;

namespace MicroFlask.Tests.Sessions.Json;

// Expected JSON was made with Flask 3.1's TaggedJSONSerializer inside an app context (sorted keys, ensure_ascii).
public class TaggedJsonSerializerTests
{
    private static readonly TaggedJsonSerializer Serializer = TaggedJsonSerializer.Default;

    private static IEnumerable<TestCaseData> FlaskOutputs()
    {
        yield return Case("keys sorted", Dict(("b", 1), ("a", 2), ("B", 3), ("_", 4)), """{"B":3,"_":4,"a":2,"b":1}""");
        yield return Case("keys by code point", Dict(("\U0001F600", 1), ("\uE000", 2), ("z", 3)), """{"z":3,"\ue000":2,"\ud83d\ude00":1}""");
        yield return Case("tuple", new JsonTuple(1, "a"), """{" t":[1,"a"]}""");
        yield return Case("value tuple", (1, "a"), """{" t":[1,"a"]}""");
        yield return Case("bytes", new byte[] { 0x00, 0xFF, 0x10 }, """{" b":"AP8Q"}""");
        yield return Case("markup", new Markup("<b>x</b>"), """{" m":"<b>x</b>"}""");
        yield return Case("uuid", Guid.Parse("12345678-9abc-def0-1234-56789abcdef0"), """{" u":"123456789abcdef0123456789abcdef0"}""");
        yield return Case("datetime", new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero), """{" d":"Thu, 02 Jan 2020 03:04:05 GMT"}""");
        yield return Case("datetime with offset", new DateTimeOffset(2020, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)), """{" d":"Thu, 02 Jan 2020 03:04:05 GMT"}""");
        yield return Case("unspecified DateTime as UTC", new DateTime(2020, 1, 2, 3, 4, 5), """{" d":"Thu, 02 Jan 2020 03:04:05 GMT"}""");
        yield return Case("dict like a tag", Dict((" t", 1)), """{" di":{" t__":1}}""");
        yield return Case("nested dicts like tags", Dict((" di", Dict((" m", "x")))), """{" di":{" di__":{" di":{" m__":"x"}}}}""");
        yield return Case("escapes", "é😀\u007f<>&'\n\t\"\\\u0001\u001f/", """ "\u00e9\ud83d\ude00\u007f<>&'\n\t\"\\\u0001\u001f/" """.Trim());
        yield return Case(
            "floats",
            new List<object?> { 1.5, 1e-05, 1e16, -0.0, 0.1, 100.0, 1e22, 5e-324, double.MaxValue, 0.0001, 123456789012345.6 },
            "[1.5,1e-05,1e+16,-0.0,0.1,100.0,1e+22,5e-324,1.7976931348623157e+308,0.0001,123456789012345.6]");
        yield return Case(
            "integers",
            new object[] { long.MaxValue, long.MinValue, BigInteger.Pow(10, 30), ulong.MaxValue },
            "[9223372036854775807,-9223372036854775808,1000000000000000000000000000000,18446744073709551615]");
        yield return Case("constants and empties", new List<object?> { true, false, null, new List<object?>(), Dict(), JsonTuple.Empty }, """[true,false,null,[],{},{" t":[]}]""");
        yield return Case("session", Dict(("_permanent", true), ("user", "bob")), """{"_permanent":true,"user":"bob"}""");
    }

    private static IEnumerable<TestCaseData> TaggedValues()
    {
        yield return new TestCaseData(new JsonTuple(1L, "a", new JsonTuple())).SetArgDisplayNames("tuple");
        yield return new TestCaseData(new byte[] { 0, 1, 254, 255 }).SetArgDisplayNames("bytes");
        yield return new TestCaseData(new Markup("<i>&amp;</i>")).SetArgDisplayNames("markup");
        yield return new TestCaseData(Guid.NewGuid()).SetArgDisplayNames("uuid");
        yield return new TestCaseData(new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero)).SetArgDisplayNames("date");
        yield return new TestCaseData(Dict((" di", Dict((" b", new byte[] { 1 }))))).SetArgDisplayNames("di");
        yield return new TestCaseData(Dict(("list", new List<object?> { 1L, 2.5, "x", null, true }))).SetArgDisplayNames("list");
        yield return new TestCaseData(BigInteger.Pow(2, 100)).SetArgDisplayNames("big integer");
    }

    [TestCaseSource(nameof(FlaskOutputs))]
    public void Dumps_Value_MatchesFlaskByteForByte(object? value, string expected) => Serializer.Dumps(value).ShouldBe(expected);

    [TestCaseSource(nameof(TaggedValues))]
    public void Loads_DumpedValue_RoundTripsWithItsType(object value)
    {
        var loaded = Serializer.Loads(Serializer.Dumps(value));

        JsonValueEquality.Equals(loaded, value).ShouldBeTrue($"{Serializer.Dumps(loaded)} != {Serializer.Dumps(value)}");
    }

    [Test]
    public void Loads_Tuple_IsJsonTuple() => Serializer.Loads("""{" t":[1]}""").ShouldBeOfType<JsonTuple>();

    [Test]
    public void Loads_Bytes_IsByteArray() => Serializer.Loads("""{" b":"AP8Q"}""").ShouldBe(new byte[] { 0x00, 0xFF, 0x10 });

    [Test]
    public void Loads_Markup_IsMarkup() => Serializer.Loads("""{" m":"<b>"}""").ShouldBe(new Markup("<b>"));

    [Test]
    public void Loads_Uuid_IsGuid() =>
        Serializer.Loads("""{" u":"123456789abcdef0123456789abcdef0"}""").ShouldBe(Guid.Parse("12345678-9abc-def0-1234-56789abcdef0"));

    [Test]
    public void Loads_Date_IsUtcDateTimeOffset() =>
        Serializer.Loads("""{" d":"Thu, 02 Jan 2020 03:04:05 GMT"}""").ShouldBe(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Test]
    public void Loads_UnreadableDate_IsNullAsInWerkzeug() => Serializer.Loads("""{" d":"yesterday"}""").ShouldBeNull();

    [Test]
    public void Loads_TaggedDict_RemovesSuffix() =>
        ((Dictionary<string, object?>)Serializer.Loads("""{" di":{" t__":1}}""")!).Keys.ShouldBe([" t"]);

    [Test]
    public void Loads_UnknownTag_StaysADictionary() =>
        ((Dictionary<string, object?>)Serializer.Loads("""{" x":1}""")!).Keys.ShouldBe([" x"]);

    [Test]
    public void Loads_TagNameAmongOtherKeys_StaysADictionary() =>
        ((Dictionary<string, object?>)Serializer.Loads("""{" t":1,"a":2}""")!).Count.ShouldBe(2);

    [Test]
    public void Loads_SmallInteger_IsLong() => Serializer.Loads("42").ShouldBe(42L);

    [Test]
    public void Loads_HugeInteger_IsBigInteger() => Serializer.Loads("100000000000000000000").ShouldBe(BigInteger.Pow(10, 20));

    [Test]
    public void Loads_NumberWithFraction_IsDouble() => Serializer.Loads("1.0").ShouldBe(1.0);

    [Test]
    public void Loads_NumberWithExponent_IsDouble() => Serializer.Loads("1e2").ShouldBe(100.0);

    [Test]
    public void Loads_RepeatedKey_KeepsLast() => ((Dictionary<string, object?>)Serializer.Loads("""{"a":1,"a":2}""")!)["a"].ShouldBe(2L);

    [Test]
    public void Loads_EscapedText_Unescapes() => Serializer.Loads(""" "\u00e9\ud83d\ude00" """).ShouldBe("é😀");

    [TestCase("")]
    [TestCase("{")]
    [TestCase("{} {}")]
    [TestCase("nan")]
    [TestCase("-NaN")]
    [TestCase("[1NaN]")]
    [TestCase("[NaN1]")]
    [TestCase("Infinityx")]
    [TestCase("[1,]")]
    public void Loads_NotJson_Throws(string json) => Should.Throw<JsonException>(() => Serializer.Loads(json));

    [TestCase("""{" t":1}""")]
    [TestCase("""{" b":"%%%"}""")]
    [TestCase("""{" u":"nope"}""")]
    [TestCase("""{" di":{}}""")]
    public void Loads_TagWithWrongContent_Throws(string json) => Should.Throw<FormatException>(() => Serializer.Loads(json));

    // Python's json.dumps (allow_nan, as Flask leaves it) writes these bare words.
    [TestCase(double.NaN, "NaN")]
    [TestCase(double.PositiveInfinity, "Infinity")]
    [TestCase(double.NegativeInfinity, "-Infinity")]
    public void Dumps_NonFiniteNumber_WritesPythonsWord(double value, string json) => Serializer.Dumps(value).ShouldBe(json);

    [Test]
    public void Loads_NonFiniteNumbers_ReadAsPythonDoes()
    {
        var value = (Dictionary<string, object?>)Serializer.Loads("""{"a":NaN,"b":[Infinity, -Infinity],"c":"NaN Infinity"}""")!;

        double.IsNaN((double)value["a"]!).ShouldBeTrue();
        value["b"].ShouldBe(new List<object?> { double.PositiveInfinity, double.NegativeInfinity });
        value["c"].ShouldBe("NaN Infinity");
    }

    [Test]
    public void Dumps_UnsupportedType_ThrowsNamingIt() =>
        Should.Throw<NotSupportedException>(() => Serializer.Dumps(new object())).Message.ShouldContain("System.Object");

    [Test]
    public void Dumps_NonStringKey_Throws() =>
        Should.Throw<NotSupportedException>(() => Serializer.Dumps(new Dictionary<int, object?> { [1] = 1 }));

    [Test]
    public void Dumps_SelfContainingList_Throws()
    {
        var list = new List<object?>();
        list.Add(list);

        Should.Throw<NotSupportedException>(() => Serializer.Dumps(list));
    }

    [Test]
    public void Dumps_TypedDictionary_WritesObject() =>
        Serializer.Dumps(new Dictionary<string, int> { ["b"] = 2, ["a"] = 1 }).ShouldBe("""{"a":1,"b":2}""");

    [Test]
    public void Dumps_Array_WritesList() => Serializer.Dumps(new[] { 1, 2 }).ShouldBe("[1,2]");

    [Test]
    public void Dumps_LocalDateTime_ConvertsToUtc()
    {
        var local = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Local);

        Serializer.Dumps(local).ShouldBe(Serializer.Dumps(new DateTimeOffset(local.ToUniversalTime())));
    }

    [Test]
    public void JsonTuple_EqualItems_AreEqual() => new JsonTuple(1, "a").ShouldBe(new JsonTuple(1L, "a"));

    [Test]
    public void JsonTuple_EqualItems_HashAlike() => new JsonTuple(1, "a").GetHashCode().ShouldBe(new JsonTuple(1L, "a").GetHashCode());

    [Test]
    public void JsonTuple_ToString_IsPythonLike() => new JsonTuple(1).ToString().ShouldBe("(1,)");

    private static TestCaseData Case(string name, object? value, string expected) =>
        new TestCaseData(value, expected).SetArgDisplayNames(name);

    private static Dictionary<string, object?> Dict(params (string Key, object? Value)[] items) =>
        items.ToDictionary(item => item.Key, item => item.Value);
}
