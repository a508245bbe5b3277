using System.Text;
using MicroFlask.Http;
using MicroFlask.Sessions;
using MicroFlask.Sessions.Json;
using MicroFlask.Signing;
using MicroFlask.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Tests.Sessions;

/// <summary>Flask's open_session / save_session rules, through the test client. Expected headers come from Flask 3.1.</summary>
public class SecureCookieSessionInterfaceTests
{
    private const long Now = 1_700_000_000;

    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now));

    [Test]
    public async Task OpenSession_NoCookie_IsNewAndEmpty()
    {
        var response = await Client().GetAsync("/describe");

        response.Text.ShouldBe("new=True count=0");
    }

    [Test]
    public async Task SaveSession_Modified_SetsFlasksCookie()
    {
        var response = await Client().GetAsync("/set");

        response.Headers.GetAll("Set-Cookie").ToArray().ShouldBe(["session=eyJhIjoxfQ.ZVPxAA.351ENKpIfJiv1uGkyZDDG0A5ZAk; HttpOnly; Path=/"]);
    }

    [Test]
    public async Task SaveSession_Modified_AddsVaryCookie() => (await Client().GetAsync("/set")).Headers.Get("Vary").ShouldBe("Cookie");

    [Test]
    public async Task SaveSession_AllAttributes_SetCookieAsFlaskDoes()
    {
        var response = await Client(ConfigureAllAttributes).GetAsync("/set");

        response.Headers.Get("Set-Cookie").ShouldBe(
            "session=eyJhIjoxfQ.ZVPxAA.351ENKpIfJiv1uGkyZDDG0A5ZAk; Domain=example.com; Secure; HttpOnly; Path=/app; SameSite=Lax; Partitioned");
    }

    [Test]
    public async Task SaveSession_EmptiedDuringRequest_DeletesCookieRepeatingAttributes()
    {
        var client = Client(ConfigureAllAttributes);
        client.SetCookie("session", "eyJhIjoxfQ.ZVPxAA.351ENKpIfJiv1uGkyZDDG0A5ZAk", "/app");

        var response = await client.GetAsync("/app/clear");

        response.Headers.Get("Set-Cookie").ShouldBe(
            "session=; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly; Path=/app; SameSite=Lax; Partitioned");
    }

    [Test]
    public async Task SaveSession_EmptiedDuringRequest_AddsVaryCookie()
    {
        var client = Client();
        await client.GetAsync("/set");

        (await client.GetAsync("/clear")).Headers.Get("Vary").ShouldBe("Cookie");
    }

    [Test]
    public async Task SaveSession_EmptyAndUnmodified_SetsNoCookie() =>
        (await Client().GetAsync("/describe")).Headers.GetAll("Set-Cookie").Count.ShouldBe(0);

    [Test]
    public async Task SaveSession_ClearedWhileAlreadyEmpty_StillDeletesCookie()
    {
        // Flask deletes whenever an empty session was modified, whether or not a cookie came in.
        var response = await Client().GetAsync("/clear");

        response.GetCookie("session")!.IsDeletion(_time.GetUtcNow()).ShouldBeTrue();
    }

    [Test]
    public async Task SaveSession_OnlyRead_AddsVaryButNoCookie()
    {
        var client = Client();
        await client.GetAsync("/set");

        var response = await client.GetAsync("/read");

        (response.Headers.Get("Vary"), response.Headers.GetAll("Set-Cookie").Count).ShouldBe(("Cookie", 0));
    }

    [TestCase("/contains")]
    [TestCase("/count")]
    public async Task SaveSession_ContainsKeyOrCountOnly_AddsVary(string url) =>
        (await Client().GetAsync(url)).Headers.Get("Vary").ShouldBe("Cookie");

    [Test]
    public async Task SaveSession_Untouched_NoVaryAndNoCookie()
    {
        var client = Client();
        await client.GetAsync("/set");

        var response = await client.GetAsync("/untouched");

        (response.Headers.Get("Vary"), response.Headers.GetAll("Set-Cookie").Count).ShouldBe((null, 0));
    }

    [Test]
    public async Task SaveSession_NotPermanent_SetsBrowserSessionCookie() =>
        (await Client().GetAsync("/set")).GetCookie("session")!.IsSessionCookie.ShouldBeTrue();

    [Test]
    public async Task SaveSession_Permanent_ExpiresAfterLifetime()
    {
        var response = await Client(app => app.Config["PERMANENT_SESSION_LIFETIME"] = TimeSpan.FromDays(7)).GetAsync("/permanent");

        response.GetCookie("session")!.Expires.ShouldBe(_time.GetUtcNow() + TimeSpan.FromDays(7));
    }

    [Test]
    public async Task SaveSession_PermanentUnmodifiedWithRefresh_SetsCookieAgain()
    {
        var client = Client();
        await client.GetAsync("/permanent");
        _time.Advance(TimeSpan.FromDays(1));

        var response = await client.GetAsync("/read");

        response.GetCookie("session")!.Expires.ShouldBe(_time.GetUtcNow() + TimeSpan.FromDays(31));
    }

    [Test]
    public async Task SaveSession_PermanentUnmodifiedWithoutRefresh_SetsNoCookie()
    {
        var client = Client(app => app.Config["SESSION_REFRESH_EACH_REQUEST"] = false);
        await client.GetAsync("/permanent");

        (await client.GetAsync("/read")).Headers.GetAll("Set-Cookie").Count.ShouldBe(0);
    }

    [Test]
    public async Task SaveSession_NotPermanentUnmodified_SetsNoCookieEvenWithRefresh()
    {
        var client = Client();
        await client.GetAsync("/set");

        (await client.GetAsync("/read")).Headers.GetAll("Set-Cookie").Count.ShouldBe(0);
    }

    [Test]
    public async Task SaveSession_Partitioned_MarksCookiePartitionedAndSecure()
    {
        var response = await Client(app => app.Config["SESSION_COOKIE_PARTITIONED"] = true).GetAsync("/set");

        response.Headers.Get("Set-Cookie").ShouldBe("session=eyJhIjoxfQ.ZVPxAA.351ENKpIfJiv1uGkyZDDG0A5ZAk; Secure; HttpOnly; Path=/; Partitioned");
    }

    [Test]
    public async Task SaveSession_NestedValueChangedAndMarkedModified_IsSaved()
    {
        var client = Client();
        await client.GetAsync("/list");
        await client.GetAsync("/list");

        (await client.GetAsync("/read")).Text.ShouldBe("""{"items":[1,1]}""");
    }

    [Test]
    public async Task OpenSession_CookieFromEarlierResponse_HoldsItsValues()
    {
        var client = Client();
        await client.GetAsync("/set");

        (await client.GetAsync("/describe")).Text.ShouldBe("new=False count=1");
    }

    [TestCase("eyJhIjoxfQ.ZVPxAA.351ENKpIfJiv1uGkyZDDG0A5ZA", TestName = "OpenSession_TruncatedCookie_EmptySession")]
    [TestCase("eyJhIjoyfQ.ZVPxAA.351ENKpIfJiv1uGkyZDDG0A5ZAk", TestName = "OpenSession_TamperedCookie_EmptySession")]
    [TestCase("eyJhIjoxfQ.ZVPxAA", TestName = "OpenSession_UnsignedCookie_EmptySession")]
    [TestCase("garbage", TestName = "OpenSession_GarbageCookie_EmptySession")]
    [TestCase("..", TestName = "OpenSession_DotsCookie_EmptySession")]
    public async Task OpenSession_BadCookie_EmptySession(string cookie)
    {
        var client = Client();
        client.SetCookie("session", cookie);

        (await client.GetAsync("/describe")).Text.ShouldBe("new=True count=0");
    }

    [Test]
    public async Task OpenSession_SignedWithForeignKey_EmptySession()
    {
        var client = Client();
        client.SetCookie("session", SigningSerializer("someone else's key").Dumps(new Dictionary<string, object?> { ["a"] = 1 }));

        (await client.GetAsync("/describe")).Text.ShouldBe("new=True count=0");
    }

    [Test]
    public async Task OpenSession_FlasksCookieForThisKey_Opens()
    {
        var client = Client();
        client.SetCookie("session", "eyJhIjoxfQ.ZVPxAA.351ENKpIfJiv1uGkyZDDG0A5ZAk");

        (await client.GetAsync("/describe")).Text.ShouldBe("new=False count=1");
    }

    [Test]
    public async Task OpenSession_SignedButNotJson_EmptySessionNotAnError()
    {
        var client = Client();
        client.SetCookie("session", SigningSerializer(TestApp.SecretKey).Signer.Sign("bm90IGpzb24"));

        (await client.GetAsync("/describe")).Text.ShouldBe("new=True count=0");
    }

    [Test]
    public async Task OpenSession_SignedJsonThatIsNotAnObject_EmptySession()
    {
        var client = Client();
        client.SetCookie("session", SigningSerializer(TestApp.SecretKey).Dumps(new List<object?> { 1, 2 }));

        (await client.GetAsync("/describe")).Text.ShouldBe("new=True count=0");
    }

    [Test]
    public async Task OpenSession_OlderThanLifetime_EmptySession()
    {
        var client = Client();
        await client.GetAsync("/set");
        _time.Advance(TimeSpan.FromDays(31) + TimeSpan.FromSeconds(1));

        (await client.GetAsync("/describe")).Text.ShouldBe("new=True count=0");
    }

    [Test]
    public async Task OpenSession_SignedWithFallbackKey_Opens()
    {
        var client = Client(app => app.Config["SECRET_KEY_FALLBACKS"] = new[] { "retired" });
        client.SetCookie("session", SigningSerializer("retired").Dumps(new Dictionary<string, object?> { ["a"] = 1 }));

        (await client.GetAsync("/describe")).Text.ShouldBe("new=False count=1");
    }

    [Test]
    public async Task SaveSession_WithFallbackKeys_SignsWithSecretKey()
    {
        var response = await Client(app => app.Config["SECRET_KEY_FALLBACKS"] = new[] { "retired" }).GetAsync("/set");

        SigningSerializer(TestApp.SecretKey).TryLoads(response.GetCookie("session")!.Value, null, out _).ShouldBeTrue();
    }

    [Test]
    public async Task SaveSession_SecretKeyChanged_NewKeySigns()
    {
        var app = CreateApp();
        await app.TestClient().GetAsync("/set");
        app.SecretKey = "rotated";

        var response = await app.TestClient().GetAsync("/set");

        SigningSerializer("rotated").TryLoads(response.GetCookie("session")!.Value, null, out _).ShouldBeTrue();
    }

    [Test]
    public async Task NoSecretKey_Reading_SeesEmptySession()
    {
        var response = await Client(app => app.SecretKey = null).GetAsync("/describe");

        response.Text.ShouldBe("new=True count=0");
    }

    [Test]
    public async Task NoSecretKey_Writing_FailsSayingToSetSecretKey()
    {
        var response = await Client(app => app.SecretKey = null).GetAsync("/try-set");

        response.Text.ShouldContain("SECRET_KEY");
    }

    [Test]
    public async Task NoSecretKey_Writing_SetsNoCookie() =>
        (await Client(app => app.SecretKey = null).GetAsync("/try-set")).Headers.GetAll("Set-Cookie").Count.ShouldBe(0);

    [Test]
    public async Task SaveSession_CookieOverMaxCookieSize_LogsWarning()
    {
        var (app, logs) = TestApp.CreateWithLogs();
        AddRoutes(app);

        await app.TestClient().GetAsync("/big/4000");

        logs.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains("MAX_COOKIE_SIZE"));
    }

    [Test]
    public async Task SaveSession_CookieUnderMaxCookieSize_LogsNothing()
    {
        var (app, logs) = TestApp.CreateWithLogs();
        AddRoutes(app);

        await app.TestClient().GetAsync("/big/2000");

        logs.Entries.ShouldNotContain(e => e.Level == LogLevel.Warning);
    }

    [Test]
    public async Task OpenSession_SubclassCreatesSessions_ReturningClientGetsItsType()
    {
        var client = Client(app => app.SessionInterface = new TaggingSessionInterface());
        await client.GetAsync("/set");

        var response = await client.GetAsync("/type");

        response.Text.ShouldBe("TaggedSession a=1");
    }

    [Test]
    public async Task SaveSession_CookieSettingsChangedBetweenRequests_NextCookieHasTheNewOnes()
    {
        var app = CreateApp();
        await app.TestClient().GetAsync("/set");
        app.Config["SESSION_COOKIE_NAME"] = "renamed";
        app.Config["SESSION_COOKIE_SAMESITE"] = "Strict";

        var response = await app.TestClient().GetAsync("/set");

        response.Headers.Get("Set-Cookie").ShouldBe("renamed=eyJhIjoxfQ.ZVPxAA.351ENKpIfJiv1uGkyZDDG0A5ZAk; HttpOnly; Path=/; SameSite=Strict");
    }

    [Test]
    public async Task SaveSession_CookieHelperOverridden_IsAskedOnEverySave()
    {
        var sessions = new PerRequestPathSessionInterface();
        var client = Client(app => app.SessionInterface = sessions);
        await client.GetAsync("/set");
        sessions.Path = "/other";

        var response = await client.GetAsync("/set");

        response.Headers.Get("Set-Cookie").ShouldBe("session=eyJhIjoxfQ.ZVPxAA.351ENKpIfJiv1uGkyZDDG0A5ZAk; HttpOnly; Path=/other");
    }

    [Test]
    public void App_ByDefault_UsesSecureCookieSessions() => new App("x").SessionInterface.ShouldBeOfType<SecureCookieSessionInterface>();

    private static void ConfigureAllAttributes(App app)
    {
        app.Config["SESSION_COOKIE_DOMAIN"] = "example.com";
        app.Config["SESSION_COOKIE_PATH"] = "/app";
        app.Config["SESSION_COOKIE_SECURE"] = true;
        app.Config["SESSION_COOKIE_SAMESITE"] = "Lax";
        app.Config["SESSION_COOKIE_PARTITIONED"] = true;
    }

    private UrlSafeTimedSerializer SigningSerializer(string key) =>
        new(key, "cookie-session", TaggedJsonSerializer.Default, new SignerOptions { KeyDerivation = KeyDerivation.Hmac }, _time);

    private TestClient Client(Action<App>? configure = null) => CreateApp(configure).TestClient();

    private App CreateApp(Action<App>? configure = null)
    {
        var app = TestApp.Create(configure);
        app.TimeProvider = _time;
        AddRoutes(app);
        return app;
    }

    private static void AddRoutes(App app)
    {
        app.Route("/set", (ISession session) => { session["a"] = 1; return "set"; });
        app.Route("/app/clear", (ISession session) => { session.Clear(); return "cleared"; });
        app.Route("/clear", (ISession session) => { session.Clear(); return "cleared"; });
        app.Route("/read", (ISession session) => TaggedJsonSerializer.Default.Dumps(session.ToDictionary()));
        app.Route("/contains", (ISession session) => session.ContainsKey("a").ToString());
        app.Route("/count", (ISession session) => session.Count.ToString());
        app.Route("/untouched", () => "untouched");
        app.Route("/type", (ISession session) => $"{session.GetType().Name} a={session["a"]}");
        app.Route("/describe", (ISession session) => $"new={session.New} count={session.Count}");
        app.Route("/permanent", (ISession session) => { session.Permanent = true; session["a"] = 1; return "permanent"; });
        app.Route("/list", (ISession session) =>
        {
            if (session.Get<List<object?>>("items") is { } items)
            {
                // A change inside a nested value is invisible to the session: say so, as in Flask.
                items.Add(1L);
                session.Modified = true;
            }
            else
            {
                session["items"] = new List<object?> { 1L };
            }

            return "ok";
        });
        app.Route("/try-set", (ISession session) =>
        {
            try
            {
                session["a"] = 1;
                return "written";
            }
            catch (InvalidOperationException e)
            {
                return e.Message;
            }
        });
        app.Route("/big/<int:size>", (ISession session, int size) =>
        {
            // Random bytes do not compress, so the cookie grows with them.
            session["blob"] = RandomBytes(size);
            return "big";
        });
    }

    private static byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }

    // A helper that reads something besides the config: its answer must not be kept from one save to the next.
    private sealed class PerRequestPathSessionInterface : SecureCookieSessionInterface
    {
        public string Path { get; set; } = "/";

        public override string GetCookiePath(App app) => Path;
    }

    private sealed class TaggedSession(IEnumerable<KeyValuePair<string, object?>>? data, bool isNew) : SecureCookieSession(data, isNew);

    // Flask's session_class: a subclass that makes its own sessions must get them for returning clients too.
    private sealed class TaggingSessionInterface : SecureCookieSessionInterface
    {
        protected override SecureCookieSession CreateSession(IEnumerable<KeyValuePair<string, object?>>? data, bool isNew) => new TaggedSession(data, isNew);
    }
}
