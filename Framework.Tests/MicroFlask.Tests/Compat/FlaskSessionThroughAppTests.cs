using System.Text.Json.Nodes;
using MicroFlask.Sessions;
using MicroFlask.Sessions.Json;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Tests.Compat;

/// <summary>
/// The whole path against real Flask: a Flask cookie sent to a MicroFlask app through the test client, and the
/// cookie the app sets opened by Flask. One run of flask_cookie.py in the fixture setup.
/// </summary>
[External]
[NonParallelizable]
public class FlaskSessionThroughAppTests
{
    private const string Secret = "flask-secret";
    private const long Now = 1_700_000_000;

    private readonly Dictionary<string, JsonObject> _flaskDumps = [];
    private readonly Dictionary<string, JsonObject> _flaskLoads = [];
    private readonly Dictionary<string, string> _appSetCookies = [];
    private App _app = null!;

    public static IEnumerable<string> CaseNames => FlaskSessionCases.All.Select(c => c.Name);

    /// <summary>
    /// The cases whose Set-Cookie header is Flask's byte for byte: those Flask does not compress (zlib-ng and zlib may
    /// encode alike data differently; the test checks that Flask still leaves them uncompressed), and not the
    /// permanent one (each side's own clock is in Expires).
    /// </summary>
    public static IEnumerable<string> ByteComparableCaseNames => ["plain", "nested", "empty containers"];

    [OneTimeSetUp]
    public async Task RunFlask()
    {
        await FlaskHarness.RequireFlaskAsync();
        _app = TestApp.Create(app => app.SecretKey = Secret);
        _app.TimeProvider = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now));
        _app.Route("/show", (ISession session) => TaggedJsonSerializer.Default.Dumps(session));
        _app.Route("/store/<name>", (ISession session, string name) =>
        {
            foreach (var (key, value) in FlaskSessionCases.All.Single(c => c.Name == name).Value)
            {
                session[key] = value;
            }

            return "stored";
        });

        var requests = new List<JsonObject>();
        foreach (var session in FlaskSessionCases.All)
        {
            var response = await _app.TestClient().GetAsync("/store/" + Uri.EscapeDataString(session.Name));
            _appSetCookies[session.Name] = response.Headers.Get("Set-Cookie")!;
            requests.Add(Request("dump", session.Python, null));
            requests.Add(Request("load", session.Python, response.GetCookie("session")!.Value));
        }

        requests.Add(Request("dump", "{\"user\": \"bob\"}", null, Now - (long)TimeSpan.FromDays(31).TotalSeconds - 1));
        var responses = await FlaskHarness.RunAsync(requests);
        for (var i = 0; i < FlaskSessionCases.All.Count; i++)
        {
            _flaskDumps[FlaskSessionCases.All[i].Name] = responses[2 * i];
            _flaskLoads[FlaskSessionCases.All[i].Name] = responses[(2 * i) + 1];
        }

        _flaskDumps["expired"] = responses[^1];
    }

    [TestCaseSource(nameof(CaseNames))]
    public async Task FlaskCookie_SentToApp_ShowsTheSameSession(string name)
    {
        var client = _app.TestClient();
        client.SetCookie("session", FlaskCookie(name));

        (await client.GetAsync("/show")).Text.ShouldBe(_flaskDumps[name]["json"]!.GetValue<string>());
    }

    [TestCaseSource(nameof(CaseNames))]
    public void AppCookie_OpenedByFlask_HoldsTheSameSession(string name) =>
        _flaskLoads[name]["equal"].ShouldNotBeNull(_flaskLoads[name].ToJsonString()).GetValue<bool>().ShouldBe(true, _flaskLoads[name].ToJsonString());

    [TestCaseSource(nameof(ByteComparableCaseNames))]
    public void AppSetCookie_UncompressedBrowserSession_IsFlasksHeader(string name)
    {
        var flask = _flaskDumps[name]["set_cookie"]![0]!.GetValue<string>();
        FlaskCookie(name).ShouldNotStartWith(".", Case.Sensitive, $"Flask compressed \"{name}\": leave it out of {nameof(ByteComparableCaseNames)}.");

        _appSetCookies[name].ShouldBe(flask);
    }

    [Test]
    public async Task FlaskCookieOlderThanLifetime_SentToApp_IsAnEmptySession()
    {
        var client = _app.TestClient();
        client.SetCookie("session", FlaskCookie("expired"));

        (await client.GetAsync("/show")).Text.ShouldBe("{}");
    }

    private static JsonObject Request(string op, string python, string? cookie, long now = Now) => new()
    {
        ["op"] = op,
        ["secret_key"] = Secret,
        ["now"] = now,
        ["session"] = python,
        ["expect"] = python,
        ["cookie"] = cookie,
    };

    private string FlaskCookie(string name) =>
        _flaskDumps[name]["cookie"]?.GetValue<string>() ?? throw new InvalidOperationException(_flaskDumps[name].ToJsonString());
}
