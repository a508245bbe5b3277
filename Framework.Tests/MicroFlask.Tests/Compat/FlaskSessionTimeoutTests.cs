using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Tests.Compat;

/// <summary>
/// SESSION_ABSOLUTE_TIMEOUT's <c>_created</c> stamp against real Flask: Flask opens the app's cookie with the stamp as
/// an int, and a cookie Flask wrote with a stamp is held to the app's absolute timeout. One run of flask_cookie.py.
/// </summary>
[External]
[NonParallelizable]
public class FlaskSessionTimeoutTests
{
    private const string Secret = "flask-secret";
    private const long Now = 1_700_000_000;
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(8);

    private App _app = null!;
    private JsonObject _flaskLoadOfOurs = null!;
    private string _flaskCookieStartedAnHourAgo = "";
    private string _flaskCookieStartedNineHoursAgo = "";

    [OneTimeSetUp]
    public async Task RunFlask()
    {
        await FlaskHarness.RequireFlaskAsync();
        _app = TestApp.Create(app =>
        {
            app.SecretKey = Secret;
            app.TimeProvider = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now));
            app.Config["SESSION_ABSOLUTE_TIMEOUT"] = Absolute;
        });
        _app.Route("/login", () =>
        {
            Session.Current["user"] = "alice";
            return "ok";
        });
        _app.Route("/user", () => Session.Current.GetString("user") ?? "<none>");
        var ours = (await _app.TestClient().GetAsync("/login")).GetCookie("session")!.Value;

        var responses = await FlaskHarness.RunAsync(
        [
            Request("load", $"{{\"user\": \"alice\", \"_created\": {Now}}}", ours),
            Request("dump", $"{{\"user\": \"bob\", \"_created\": {Now - 3600}}}", null),
            Request("dump", $"{{\"user\": \"bob\", \"_created\": {Now - (9 * 3600)}}}", null),
        ]);
        _flaskLoadOfOurs = responses[0];
        _flaskCookieStartedAnHourAgo = responses[1]["cookie"]!.GetValue<string>();
        _flaskCookieStartedNineHoursAgo = responses[2]["cookie"]!.GetValue<string>();
    }

    [Test]
    public void AppCookieWithTheStamp_OpenedByFlask_HoldsItAsAnInt() =>
        _flaskLoadOfOurs["equal"].ShouldNotBeNull(_flaskLoadOfOurs.ToJsonString()).GetValue<bool>().ShouldBe(true, _flaskLoadOfOurs.ToJsonString());

    [Test]
    public async Task FlaskCookieWithinTheAbsoluteTimeout_SentToApp_KeepsTheSession()
    {
        var client = _app.TestClient();
        client.SetCookie("session", _flaskCookieStartedAnHourAgo);

        (await client.GetAsync("/user")).Text.ShouldBe("bob");
    }

    [Test]
    public async Task FlaskCookiePastTheAbsoluteTimeout_SentToApp_IsAnEmptySession()
    {
        var client = _app.TestClient();
        client.SetCookie("session", _flaskCookieStartedNineHoursAgo);

        (await client.GetAsync("/user")).Text.ShouldBe("<none>");
    }

    private static JsonObject Request(string op, string python, string? cookie) => new()
    {
        ["op"] = op,
        ["secret_key"] = Secret,
        ["now"] = Now,
        ["session"] = python,
        ["expect"] = python,
        ["cookie"] = cookie,
    };
}
