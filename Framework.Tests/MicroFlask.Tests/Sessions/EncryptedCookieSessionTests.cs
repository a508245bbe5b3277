using MicroFlask.Sessions.Json;
using MicroFlask.Signing;
using MicroFlask.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Tests.Sessions;

/// <summary>SESSION_COOKIE_ENCRYPTED through the app: the session round-trips, and no bad cookie is more than an empty session.</summary>
public class EncryptedCookieSessionTests
{
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    [Test]
    public async Task Open_CookieTheAppSet_ReadsTheSessionBack()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/alice");

        (await client.GetAsync("/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Save_Encrypted_IsNotASignedFlaskCookie()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/alice");

        var flask = new UrlSafeTimedSerializer(TestApp.SecretKey, "cookie-session", TaggedJsonSerializer.Default,
            new SignerOptions { KeyDerivation = KeyDerivation.Hmac }, _time);
        flask.TryLoads(client.GetCookie("session"), null, out _).ShouldBeFalse();
    }

    [Test]
    public async Task Open_SignedCookieOnceEncryptionIsOn_IsANewEmptySession()
    {
        var signed = CreateApp(encrypted: false).TestClient();
        await signed.GetAsync("/set/alice");
        var client = CreateApp().TestClient();
        client.SetCookie("session", signed.GetCookie("session")!);

        (await client.GetAsync("/user")).Text.ShouldBe("<none>");
    }

    [TestCase("truncated")]
    [TestCase("tampered")]
    [TestCase("doubled")]
    public async Task Open_DamagedCookie_IsA200WithAnEmptySession(string damage)
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/alice");
        var cookie = client.GetCookie("session")!;
        client.SetCookie("session", damage switch
        {
            "truncated" => cookie[..^4],
            "tampered" => cookie[..10] + (cookie[10] == 'A' ? 'B' : 'A') + cookie[11..],
            _ => cookie + cookie,
        });

        var response = await client.GetAsync("/user");

        (response.StatusCode, response.Text).ShouldBe((200, "<none>"));
    }

    [Test]
    public async Task Open_CookieOfTheKeyNowInTheFallbacks_ReadsTheSession()
    {
        var before = CreateApp().TestClient();
        await before.GetAsync("/set/alice");
        var rotated = CreateApp(configure: app =>
        {
            app.Config["SECRET_KEY_FALLBACKS"] = new[] { TestApp.SecretKey };
            app.SecretKey = "the new key";
        }).TestClient();
        rotated.SetCookie("session", before.GetCookie("session")!);

        (await rotated.GetAsync("/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Open_CookieOfARemovedKey_IsANewEmptySession()
    {
        var before = CreateApp().TestClient();
        await before.GetAsync("/set/alice");
        var rotated = CreateApp(configure: app => app.SecretKey = "the new key").TestClient();
        rotated.SetCookie("session", before.GetCookie("session")!);

        (await rotated.GetAsync("/user")).Text.ShouldBe("<none>");
    }

    [Test]
    public async Task Open_OlderThanThePermanentSessionLifetime_IsANewEmptySession()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/alice");

        _time.Advance(TimeSpan.FromDays(31) + TimeSpan.FromSeconds(1));

        (await client.GetAsync("/user")).Text.ShouldBe("<none>");
    }

    private App CreateApp(bool encrypted = true, Action<App>? configure = null)
    {
        var app = TestApp.Create(a =>
        {
            a.TimeProvider = _time;
            a.Config["SESSION_COOKIE_ENCRYPTED"] = encrypted;
            configure?.Invoke(a);
        });
        app.Route("/set/<user>", (string user) =>
        {
            Session.Current["user"] = user;
            return "ok";
        });
        app.Route("/user", () => Session.Current.GetString("user") ?? "<none>");
        return app;
    }
}
