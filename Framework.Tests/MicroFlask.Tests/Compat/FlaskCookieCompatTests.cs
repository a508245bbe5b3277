using System.Text;
using System.Text.Json.Nodes;
using MicroFlask.Sessions.Json;
using MicroFlask.Signing;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Tests.Compat;

/// <summary>
/// Session cookies against real Flask: Flask's cookies open here, ours open in Flask, and bad cookies are empty
/// sessions on both sides. All Python work happens in two runs of flask_cookie.py in the fixture setup.
/// </summary>
[External]
[NonParallelizable]
public class FlaskCookieCompatTests
{
    private const string Secret = "flask-secret";
    private const long Now = 1_700_000_000;
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(31);

    private static readonly (string Name, Func<string, string> Alter)[] Alterations =
    [
        ("truncated by one", cookie => cookie[..^1]),
        ("truncated to half", cookie => cookie[..(cookie.Length / 2)]),
        ("signature removed", cookie => cookie[..cookie.LastIndexOf('.')]),
        ("payload altered", cookie => Replace(cookie, cookie.StartsWith('.') ? 5 : 4)),
        ("timestamp altered", cookie => Replace(cookie, cookie.LastIndexOf('.') - 2)),
        ("signature altered", cookie => Replace(cookie, cookie.LastIndexOf('.') + 5)),
        ("not a cookie at all", _ => "garbage"),
    ];

    private readonly Dictionary<string, JsonObject> _flaskDumps = [];
    private readonly Dictionary<string, string> _ourCookies = [];
    private readonly Dictionary<string, JsonObject> _flaskLoadsOfOurs = [];
    private readonly Dictionary<string, string> _badCookies = [];
    private readonly Dictionary<string, JsonObject> _flaskLoadsOfBad = [];

    public static IEnumerable<string> CaseNames => FlaskSessionCases.All.Select(c => c.Name);

    public static IEnumerable<string> BadCookieNames =>
        new[] { "plain", "compressed" }.SelectMany(name => Alterations.Select(a => $"{name}, {a.Name}"))
            .Concat(["plain, expired", "compressed, expired", "plain, signed with another key", "compressed, signed with another key"]);

    [OneTimeSetUp]
    public async Task RunFlask()
    {
        await FlaskHarness.RequireFlaskAsync();

        // First run: Flask dumps every case (now, long ago, with another key) and opens our cookies.
        var requests = new List<JsonObject>();
        var keys = new List<string>();
        foreach (var session in FlaskSessionCases.All)
        {
            _ourCookies[session.Name] = CreateSerializer(Secret).Dumps(session.Value);
            Add($"dump {session.Name}", new JsonObject { ["op"] = "dump", ["session"] = session.Python });
            Add($"load {session.Name}", new JsonObject { ["op"] = "load", ["cookie"] = _ourCookies[session.Name], ["expect"] = session.Python });
        }

        foreach (var name in new[] { "plain", "compressed" })
        {
            var python = FlaskSessionCases.All.Single(c => c.Name == name).Python;
            Add($"{name}, expired", new JsonObject { ["op"] = "dump", ["session"] = python, ["now"] = Now - (long)Lifetime.TotalSeconds - 1 });
            Add($"{name}, signed with another key", new JsonObject { ["op"] = "dump", ["session"] = python, ["secret_key"] = "intruder" });
        }

        Add("rotation, flask dump with old key", new JsonObject { ["op"] = "dump", ["session"] = "{\"k\": 1}", ["secret_key"] = "old" });
        Add("rotation, flask load with fallback", new JsonObject
        {
            ["op"] = "load",
            ["cookie"] = CreateSerializer("old", "new").Dumps(FlaskSessionCases.Dict(("k", 1L))),
            ["secret_key"] = "new",
            ["fallbacks"] = new JsonArray("old"),
            ["expect"] = "{\"k\": 1}",
        });

        var responses = await FlaskHarness.RunAsync(requests);
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i].StartsWith("dump ", StringComparison.Ordinal))
            {
                _flaskDumps[keys[i][5..]] = responses[i];
            }
            else if (keys[i].StartsWith("load ", StringComparison.Ordinal))
            {
                _flaskLoadsOfOurs[keys[i][5..]] = responses[i];
            }
            else
            {
                _flaskDumps[keys[i]] = responses[i];
            }
        }

        // Second run: Flask opens the altered, expired and foreign cookies.
        foreach (var name in new[] { "plain", "compressed" })
        {
            foreach (var (alteration, alter) in Alterations)
            {
                _badCookies[$"{name}, {alteration}"] = alter(FlaskCookie(name));
            }

            _badCookies[$"{name}, expired"] = FlaskCookie($"{name}, expired");
            _badCookies[$"{name}, signed with another key"] = FlaskCookie($"{name}, signed with another key");
        }

        var badNames = _badCookies.Keys.ToList();
        var badResponses = await FlaskHarness.RunAsync(badNames.Select(name => Request(new JsonObject { ["op"] = "load", ["cookie"] = _badCookies[name] })));
        for (var i = 0; i < badNames.Count; i++)
        {
            _flaskLoadsOfBad[badNames[i]] = badResponses[i];
        }

        void Add(string key, JsonObject request)
        {
            keys.Add(key);
            requests.Add(Request(request));
        }
    }

    [TestCaseSource(nameof(CaseNames))]
    public void FlaskCookie_OpensHere_ToTheSameSession(string name)
    {
        var loaded = CreateSerializer(Secret).Loads(FlaskCookie(name), Lifetime);

        JsonValueEquality.Equals(loaded, Case(name).Value).ShouldBeTrue(TaggedJsonSerializer.Default.Dumps(loaded));
    }

    [TestCaseSource(nameof(CaseNames))]
    public void Dumps_Session_WritesFlasksJsonByteForByte(string name) =>
        TaggedJsonSerializer.Default.Dumps(Case(name).Value).ShouldBe(_flaskDumps[name]["json"]!.GetValue<string>());

    [TestCaseSource(nameof(CaseNames))]
    public void OurCookie_OpensInFlask_ToTheSameSession(string name)
    {
        var response = _flaskLoadsOfOurs[name];

        response["equal"].ShouldNotBeNull(response.ToJsonString()).GetValue<bool>().ShouldBe(true, response.ToJsonString());
    }

    [TestCaseSource(nameof(CaseNames))]
    public void OurCookie_SameMomentAndKey_IsFlasksCookieOrBothCompressed(string name)
    {
        // Uncompressed cookies agree byte for byte; compressed ones may not, as .NET's zlib (zlib-ng) and
        // CPython's zlib may encode the same data differently, which both sides read alike.
        var flask = FlaskCookie(name);
        if (flask.StartsWith('.'))
        {
            _ourCookies[name].ShouldStartWith(".");
        }
        else
        {
            _ourCookies[name].ShouldBe(flask);
        }
    }

    [TestCaseSource(nameof(BadCookieNames))]
    public void BadCookie_InFlask_IsAnEmptySession(string name)
    {
        var response = _flaskLoadsOfBad[name];

        response["empty"].ShouldNotBeNull(response.ToJsonString()).GetValue<bool>().ShouldBe(true, response.ToJsonString());
    }

    [TestCaseSource(nameof(BadCookieNames))]
    public void BadCookie_Here_IsRefused(string name) =>
        CreateSerializer(Secret).TryLoads(_badCookies[name], Lifetime, out _).ShouldBeFalse();

    [Test]
    public void FlaskCookieSignedWithFallbackKey_OpensHereWithKeyList() =>
        CreateSerializer("old", "new").Loads(FlaskCookie("rotation, flask dump with old key"), Lifetime).ShouldNotBeNull();

    [Test]
    public void OurCookieSignedWithNewestKey_OpensInFlaskWithFallbacks()
    {
        var response = _flaskDumps["rotation, flask load with fallback"];
        response["equal"].ShouldNotBeNull(response.ToJsonString()).GetValue<bool>().ShouldBe(true, response.ToJsonString());
    }

    internal static UrlSafeTimedSerializer CreateSerializer(params string[] keys) => new(
        keys.Select(Encoding.UTF8.GetBytes),
        "cookie-session",
        TaggedJsonSerializer.Default,
        new SignerOptions { KeyDerivation = KeyDerivation.Hmac },
        new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now)));

    private static JsonObject Request(JsonObject request)
    {
        request["secret_key"] ??= Secret;
        request["now"] ??= Now;
        return request;
    }

    private static FlaskSessionCases.Case Case(string name) => FlaskSessionCases.All.Single(c => c.Name == name);

    private static string Replace(string cookie, int index)
    {
        // A character of a very different value, so that no lenient base64 decoder can read it as the old one.
        var replacement = cookie[index] is >= 'A' and <= 'Z' ? 'z' : 'A';
        return string.Concat(cookie.AsSpan(0, index), [replacement], cookie.AsSpan(index + 1));
    }

    private string FlaskCookie(string name) =>
        _flaskDumps[name]["cookie"]?.GetValue<string>() ?? throw new InvalidOperationException(_flaskDumps[name].ToJsonString());
}
