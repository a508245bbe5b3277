using MicroFlask.Sessions.ServerSide;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Sessions.Tests.ServerSide;

/// <summary>What <see cref="UserSessions"/> does whatever the store: its errors, the info it records, handles across key rotation.</summary>
public class UserSessionsTests
{
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public void StartTheClock() => _clock = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    private App CreateApp(string? userKey = "user_id", SessionInterface? sessions = null)
    {
        var app = SessionTestApp.Create(sessions ?? new ServerSideSessionInterface(new MemorySessionStore(_clock), new() { UserKey = userKey }), _clock);
        app.Route("/login-number/<int:id>", (long id) =>
        {
            Session.Current["user_id"] = id;
            return "ok";
        });
        app.Route("/sessions/<user>", async (string user) =>
            string.Join("\n", (await UserSessions.ListAsync(user)).Select(s => $"{s.Handle}|{s.Created:O}|{s.LastSeen:O}|{s.UserAgent}|{s.RemoteAddress}")));
        app.Route("/revoke/<user>/<handle>", async (string user, string handle) => (await UserSessions.RevokeAsync(user, handle)).ToString());
        app.Route("/has/<key>", (string key) => Session.Current.ContainsKey(key).ToString());
        app.Route("/write/<key>", (string key) =>
        {
            Session.Current[key] = "x";
            return "ok";
        });
        return app;
    }

    [Test]
    public async Task List_OnTheCookieSession_FailsNamingTheFix()
    {
        var client = Propagating(CreateApp(sessions: new SecureCookieSessionInterface())).TestClient();

        var error = await Should.ThrowAsync<InvalidOperationException>(() => client.GetAsync("/sessions/alice"));

        error.Message.ShouldContain("Set SESSION_TYPE");
    }

    [Test]
    public async Task List_WithoutUserKey_FailsNamingSessionUserKey()
    {
        var client = Propagating(CreateApp(userKey: null)).TestClient();

        var error = await Should.ThrowAsync<InvalidOperationException>(() => client.GetAsync("/sessions/alice"));

        error.Message.ShouldContain("set app.Config[\"SESSION_USER_KEY\"]");
    }

    [Test]
    public async Task List_NumericUser_IsFoundByItsDigits()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/login-number/42");

        (await client.GetAsync("/sessions/42")).Text.Split('\n').Length.ShouldBe(1);
    }

    [Test]
    public async Task List_RecordsCreatedSeenAgentAndAddress()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/user_id/alice", new Dictionary<string, string> { ["User-Agent"] = "Firefox" });

        var fields = (await client.GetAsync("/sessions/alice")).Text.Split('|');

        fields[1..].ShouldBe(["2026-11-22T12:00:00.0000000+00:00", "2026-11-22T12:00:00.0000000+00:00", "Firefox", "127.0.0.1"]);
    }

    [Test]
    public async Task List_LastSeen_MovesWhenTheSessionIsUsedLater()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/user_id/alice");
        _clock.Advance(TimeSpan.FromMinutes(5));

        await client.GetAsync("/set/cart/1");

        (await client.GetAsync("/sessions/alice")).Text.Split('|')[1..3].ShouldBe(["2026-11-22T12:00:00.0000000+00:00", "2026-11-22T12:05:00.0000000+00:00"]);
    }

    [Test]
    public async Task Open_UserSessionInfo_IsNotASessionKey()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/user_id/alice");

        (await client.GetAsync("/has/_user_session")).Text.ShouldBe("False");
    }

    [Test]
    public async Task Set_TheReservedInfoKey_IsRefused()
    {
        var client = Propagating(CreateApp()).TestClient();

        var error = await Should.ThrowAsync<ArgumentException>(() => client.GetAsync("/write/_user_session"));

        error.Message.ShouldContain("reserved");
    }

    [Test]
    public async Task Revoke_HandleListedBeforeSecretKeyRotated_StillEndsTheSession()
    {
        var app = CreateApp();
        var phone = app.TestClient();
        await phone.GetAsync("/set/user_id/alice");
        var handle = (await phone.GetAsync("/sessions/alice")).Text.Split('|')[0];
        app.Config["SECRET_KEY_FALLBACKS"] = new[] { SessionTestApp.SecretKey };
        app.SecretKey = "a-new-secret-key";

        (await app.TestClient().GetAsync($"/revoke/alice/{handle}")).Text.ShouldBe("True");
    }

    [Test]
    public async Task RevokeAll_OutsideARequest_EndsTheUsersSessions()
    {
        var app = CreateApp();
        var phone = app.TestClient();
        await phone.GetAsync("/set/user_id/alice");
        var context = new MicroFlask.Context.AppContext(app);
        context.Push();
        try
        {
            // A password reset done by a job: the app context, no request and no current session.
            (await UserSessions.RevokeAllAsync("alice")).ShouldBe(1);
        }
        finally
        {
            await context.PopAsync();
        }

        (await phone.GetAsync("/get/user_id")).Text.ShouldBe("<none>");
    }

    [Test]
    public void FromConfig_ReadsSessionUserKey()
    {
        var config = new App("t").Config;
        config["SESSION_USER_KEY"] = "user_id";

        ServerSideSessionOptions.FromConfig(config).UserKey.ShouldBe("user_id");
    }

    private static App Propagating(App app)
    {
        app.Testing = true;
        return app;
    }
}
