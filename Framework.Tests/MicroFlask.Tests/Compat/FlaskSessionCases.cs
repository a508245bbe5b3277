using System.Numerics;
using MicroFlask.Http;
using MicroFlask.Sessions.Json;

namespace MicroFlask.Tests.Compat;

/// <summary>
/// Sessions written twice: as a Python expression for Flask and as .NET values for us, so that the expected
/// values never pass through the serializer under test.
/// </summary>
internal static class FlaskSessionCases
{
    public sealed record Case(string Name, string Python, Dictionary<string, object?> Value)
    {
        public override string ToString() => Name;
    }

    public static IReadOnlyList<Case> All { get; } =
    [
        new("plain", """{"user": "bob", "visits": 3}""", Dict(("user", "bob"), ("visits", 3L))),
        new(
            "every tag",
            """{"t": (1, "a", None), "b": b"\x00\xffbin", "b2": b"\xfb\xff\xbf", "m": Markup("<b>hi</b>"), "u": UUID("12345678-9abc-def0-1234-56789abcdef0"), "d": datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc)}""",
            Dict(
                ("t", new JsonTuple(1L, "a", null)),
                ("b", new byte[] { 0x00, 0xFF, (byte)'b', (byte)'i', (byte)'n' }),
                ("b2", new byte[] { 0xFB, 0xFF, 0xBF }),
                ("m", new Markup("<b>hi</b>")),
                ("u", Guid.Parse("12345678-9abc-def0-1234-56789abcdef0")),
                ("d", new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero)))),
        new(
            "dictionaries that look like tags",
            """{"x": {" t": [1, 2]}, " di": {" m": "y"}, "n": {" d": {" b": "z"}}}""",
            Dict(
                ("x", Dict((" t", new List<object?> { 1L, 2L }))),
                (" di", Dict((" m", "y"))),
                ("n", Dict((" d", Dict((" b", "z"))))))),
        new(
            "unicode",
            """{"name": "Zoë 😀 中文", "clé": "\u00e9\n\t\"\\\x7f<>&'", "\U0001F600": 1, "\ue000": 2, "\x00": "nul"}""",
            Dict(
                ("name", "Zoë 😀 中文"),
                ("clé", "é\n\t\"\\\u007f<>&'"),
                ("\U0001F600", 1L),
                ("\uE000", 2L),
                ("\0", "nul"))),
        new(
            "compressed",
            """{"big": "x" * 2000, "range": list(range(300))}""",
            Dict(("big", new string('x', 2000)), ("range", Enumerable.Range(0, 300).Select(i => (object?)(long)i).ToList()))),
        new(
            "numbers",
            """{"i": -5, "big": 10**30, "f": 1.5, "tiny": 1e-05, "neg0": -0.0, "max": 2**63 - 1, "min": -2**63, "huge": 1e300, "third": 1/3}""",
            Dict(
                ("i", -5L),
                ("big", BigInteger.Pow(10, 30)),
                ("f", 1.5),
                ("tiny", 1e-05),
                ("neg0", -0.0),
                ("max", long.MaxValue),
                ("min", long.MinValue),
                ("huge", 1e300),
                ("third", 1.0 / 3))),
        new(
            "non-finite numbers",
            """{"nan": float("nan"), "inf": float("inf"), "ninf": float("-inf"), "l": [float("nan"), 1.0]}""",
            Dict(
                ("nan", double.NaN),
                ("inf", double.PositiveInfinity),
                ("ninf", double.NegativeInfinity),
                ("l", new List<object?> { double.NaN, 1.0 }))),
        new(
            "nested",
            """{"a": [1, [2, (3, {"b": None})], {"c": True, "d": False}]}""",
            Dict(("a", new List<object?>
            {
                1L,
                new List<object?> { 2L, new JsonTuple(3L, Dict(("b", null))) },
                Dict(("c", true), ("d", false)),
            }))),
        new("empty containers", """{"l": [], "d": {}, "t": ()}""", Dict(("l", new List<object?>()), ("d", Dict()), ("t", JsonTuple.Empty))),
        new("permanent", """{"_permanent": True, "user": "x"}""", Dict(("_permanent", true), ("user", "x"))),
    ];

    public static Dictionary<string, object?> Dict(params (string Key, object? Value)[] items) =>
        items.ToDictionary(item => item.Key, item => item.Value);
}
