using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.Tests.ServerSide;

// Lazy loading (docs/sessions.md, "Lazy loading") on every store: a lazy store is never asked for a request that does not
// touch the session; a store that loads at open is asked once. Touched, a lazily loaded session keeps every rule of an
// eagerly loaded one: timeouts checked at load, exact increments, a revoked session opens empty.
public abstract partial class SessionStoreContract
{
    /// <summary>Whether the store under test loads sessions on first touch (it can load synchronously, and is ready to).</summary>
    private bool StoreIsLazy => Store is ISynchronousSessionLoad { CanLoadSynchronously: true };

    [Test]
    public async Task Lazy_UntouchedRequestWithACookie_NeitherLoadsNorSavesNorSetsACookie()
    {
        // The fixture's store, counted (not disposed here: the fixture owns it), behind the base interface, since some
        // stores' own interfaces take only their own store type.
        var counting = new CountingSessionStore(Store);
        var client = SessionTestApp.Create(new ServerSideSessionInterface(counting, new ServerSideSessionOptions { KeyPrefix = KeyPrefix }), Clock).TestClient();
        await client.GetAsync("/set/user/alice");
        var lazy = StoreIsLazy;
        counting.ResetCounts();

        var response = await client.GetAsync("/touch");

        // A store that loads at open is asked once and refreshes the session (SESSION_REFRESH_EACH_REQUEST): the contrast.
        (counting.SyncLoads + counting.AsyncLoads, counting.Applies, response.GetCookie("session") is null, response.Headers.Get("Vary"))
            .ShouldBe(lazy ? (0, 0, true, null) : (1, 1, false, "Cookie"));
    }

    [Test]
    public async Task Lazy_TouchedAfterUntouchedRequests_ReadsTheSession()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/user/alice");
        await client.GetAsync("/touch");

        (await client.GetAsync("/get/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Lazy_UntouchedRequests_DoNotSlideTheIdleTimeout()
    {
        var client = CreateAppWithTimeouts(idle: TimeSpan.FromMinutes(30)).TestClient();
        await client.GetAsync("/set/user/alice");
        var lazy = StoreIsLazy;

        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(20));
            await client.GetAsync("/touch");
        }

        // Untouched, a lazy store's session was not used (no _seen): checked at its next load, it has expired. A store
        // that loads at open used it on every request.
        (await client.GetAsync("/get/user")).Text.ShouldBe(lazy ? "<none>" : "alice");
    }

    [Test]
    public async Task Lazy_IncrementsAroundUntouchedRequests_CountExactly()
    {
        var client = CreateCounterApp().TestClient();
        await client.GetAsync("/incr/hits/1");
        await client.GetAsync("/touch");

        await client.GetAsync("/incr/hits/2");

        (await StoredAsync(client.GetCookie("session")!))!["hits"].ShouldBe("3");
    }

    [Test]
    public async Task Lazy_RevokedSession_UntouchedIsAnswered_TouchedOpensEmpty()
    {
        var app = CreateUserApp();
        var phone = await LoggedInAsync(app, "alice", "phone");
        var laptop = await LoggedInAsync(app, "alice", "laptop");
        var laptopHandle = (await ListAsync(phone, "alice")).Single(line => line.EndsWith(" laptop", StringComparison.Ordinal)).Split(' ')[0];
        (await phone.GetAsync($"/revoke/alice/{laptopHandle}")).Text.ShouldBe("True");

        var untouched = await laptop.GetAsync("/touch");

        (untouched.StatusCode, untouched.GetCookie("session"), (await laptop.GetAsync("/get/user")).Text).ShouldBe((200, null, "<none>"));
    }
}
