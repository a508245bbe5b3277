using MicroFlask.Sessions;
using MicroFlask.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Tests.Sessions;

/// <summary>SESSION_IDLE_TIMEOUT and SESSION_ABSOLUTE_TIMEOUT on the cookie session, signed and encrypted, on the fake clock.</summary>
[TestFixture(false, TestName = "signed")]
[TestFixture(true, TestName = "encrypted")]
public class CookieSessionTimeoutTests(bool encrypted)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(8);

    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    [Test]
    public async Task Open_UnusedForTheIdleTimeout_IsANewEmptySession()
    {
        var client = Client(idle: Idle);
        await client.GetAsync("/login/alice");

        _time.Advance(Idle + TimeSpan.FromSeconds(1));

        (await client.GetAsync("/user")).Text.ShouldBe("<none>");
    }

    [Test]
    public async Task Open_UsedWithinTheIdleTimeout_SlidesItsEnd()
    {
        var client = Client(idle: Idle);
        await client.GetAsync("/login/alice");

        for (var i = 0; i < 4; i++)
        {
            _time.Advance(Idle * 0.75);
            await client.GetAsync("/user");
        }

        (await client.GetAsync("/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Save_IdleTimeoutSet_ReissuesAnUnmodifiedNonPermanentCookie()
    {
        var client = Client(idle: Idle);
        await client.GetAsync("/login/alice");
        _time.Advance(TimeSpan.FromMinutes(1));

        var response = await client.GetAsync("/user");

        response.GetCookie("session").ShouldNotBeNull();
    }

    [Test]
    public async Task Open_PastTheAbsoluteTimeout_IsANewEmptySessionEvenWhenInUse()
    {
        var client = Client(idle: Idle, absolute: Absolute);
        await client.GetAsync("/login/alice");

        // Used every 20 minutes, so never idle, for longer than the absolute timeout.
        for (var elapsed = TimeSpan.Zero; elapsed <= Absolute; elapsed += TimeSpan.FromMinutes(20))
        {
            _time.Advance(TimeSpan.FromMinutes(20));
            await client.GetAsync("/user");
        }

        (await client.GetAsync("/user")).Text.ShouldBe("<none>");
    }

    [Test]
    public async Task Open_JustBeforeTheAbsoluteTimeout_KeepsTheSession()
    {
        var client = Client(absolute: Absolute);
        await client.GetAsync("/login/alice");

        _time.Advance(Absolute - TimeSpan.FromSeconds(1));

        (await client.GetAsync("/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Regenerate_RestartsTheAbsoluteTimeout()
    {
        var client = Client(absolute: Absolute);
        await client.GetAsync("/login/alice");
        _time.Advance(Absolute - TimeSpan.FromMinutes(1));

        await client.GetAsync("/login/bob");
        _time.Advance(TimeSpan.FromMinutes(2));

        (await client.GetAsync("/user")).Text.ShouldBe("bob");
    }

    [Test]
    public async Task Save_PermanentSession_CookieExpiresAtTheIdleEnd()
    {
        var client = Client(idle: Idle);

        var response = await client.GetAsync("/permanent/alice");

        response.GetCookie("session")!.Expires.ShouldBe(_time.GetUtcNow() + Idle);
    }

    [Test]
    public async Task Save_PermanentSession_CookieExpiresAtTheAbsoluteEnd()
    {
        var client = Client(absolute: Absolute);
        await client.GetAsync("/permanent/alice");
        _time.Advance(TimeSpan.FromHours(3));

        var response = await client.GetAsync("/permanent/alice");

        response.GetCookie("session")!.Expires.ShouldBe(_time.GetUtcNow() + TimeSpan.FromHours(5));
    }

    [Test]
    public async Task Save_LastKeyRemoved_DeletesTheCookieThatHeldOnlyTheStamp()
    {
        var client = Client(absolute: Absolute);
        await client.GetAsync("/login/alice");

        var response = await client.GetAsync("/logout");

        response.GetCookie("session")!.IsDeletion(_time.GetUtcNow()).ShouldBeTrue();
    }

    [Test]
    public async Task Open_NoTimeoutsSet_KeepsAnOldSessionAsBefore()
    {
        var client = Client();
        await client.GetAsync("/login/alice");

        _time.Advance(TimeSpan.FromDays(30));

        (await client.GetAsync("/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Save_AbsoluteTimeoutSet_KeepsTheStartAsUnixSecondsInTheSession()
    {
        var client = Client(absolute: Absolute);
        var start = _time.GetUtcNow().ToUnixTimeSeconds();
        await client.GetAsync("/login/alice");
        _time.Advance(TimeSpan.FromMinutes(5));

        (await client.GetAsync("/created")).Text.ShouldBe($"Int64 {start}");
    }

    private TestClient Client(TimeSpan? idle = null, TimeSpan? absolute = null)
    {
        var app = TestApp.Create(a =>
        {
            a.TimeProvider = _time;
            a.Config["SESSION_COOKIE_ENCRYPTED"] = encrypted;
            if (idle is not null) a.Config["SESSION_IDLE_TIMEOUT"] = idle;
            if (absolute is not null) a.Config["SESSION_ABSOLUTE_TIMEOUT"] = absolute;
        });
        app.Route("/login/<user>", (string user) =>
        {
            App.Current.SessionInterface.Regenerate(Session.Current);
            Session.Current["user"] = user;
            return "ok";
        });
        app.Route("/permanent/<user>", (string user) =>
        {
            Session.Current.Permanent = true;
            Session.Current["user"] = user;
            return "ok";
        });
        app.Route("/logout", () =>
        {
            Session.Current.Remove("user");
            return "ok";
        });
        app.Route("/created", () => Session.Current["_created"] is { } created ? $"{created.GetType().Name} {created}" : "<none>");
        app.Route("/user", () => Session.Current.GetString("user") ?? "<none>");
        return app.TestClient();
    }
}
