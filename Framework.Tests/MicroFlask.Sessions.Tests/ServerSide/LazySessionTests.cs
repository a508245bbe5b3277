using MicroFlask.Sessions.ServerSide;
using MicroFlask.Testing;

namespace MicroFlask.Sessions.Tests.ServerSide;

/// <summary>
/// A store that can load synchronously is asked only when a view or hook touches the session: a request that never does
/// costs no store call and gets no cookie, even with the browser's session cookie and SESSION_REFRESH_EACH_REQUEST.
/// </summary>
public class LazySessionTests
{
    private CountingSessionStore _store = null!;

    [SetUp]
    public void SetUp() => _store = new CountingSessionStore();

    [TearDown]
    public async Task TearDownAsync() => await _store.DisposeAsync();

    [Test]
    public async Task Untouched_WithAValidCookie_CallsNoStore()
    {
        var (client, _) = await LoggedInAsync();

        await client.GetAsync("/touch");

        _store.Calls.ShouldBe(0);
    }

    [Test]
    public async Task Untouched_WithRefreshEachRequest_SendsNoCookieAndNoVary()
    {
        var (client, app) = await LoggedInAsync();
        app.Config["SESSION_REFRESH_EACH_REQUEST"].ShouldBe(true);

        var response = await client.GetAsync("/touch");

        (response.GetCookie("session"), response.Headers.Get("Vary")).ShouldBe((null, null));
    }

    [Test]
    public async Task TouchedSynchronously_ReadsTheStoredData()
    {
        var (client, _) = await LoggedInAsync();

        var text = (await client.GetAsync("/get/user")).Text;

        (text, _store.SyncLoads, _store.AsyncLoads).ShouldBe(("alice", 1, 0));
    }

    [Test]
    public async Task TouchedSynchronously_AddsVaryCookieAndRefreshes()
    {
        var (client, _) = await LoggedInAsync();

        var response = await client.GetAsync("/get/user");

        (response.Headers.Get("Vary"), response.GetCookie("session") is not null).ShouldBe(("Cookie", true));
    }

    [Test]
    public async Task LoadAsync_ThenRead_LoadsOnceAsynchronously()
    {
        var (client, _) = await LoggedInAsync(app =>
        {
            app.Route("/async/<key>", async (string key) =>
            {
                await Session.Current.LoadAsync();
                await Session.Current.LoadAsync();
                return Session.Current.GetString(key) ?? "<none>";
            });
        });

        var text = (await client.GetAsync("/async/user")).Text;

        (text, _store.AsyncLoads, _store.SyncLoads).ShouldBe(("alice", 1, 0));
    }

    [Test]
    public async Task LoadAsync_Alone_DoesNotMarkTheSessionAccessed()
    {
        var (client, _) = await LoggedInAsync(app =>
        {
            app.Route("/preload", async () =>
            {
                await Session.Current.LoadAsync();
                return Session.Current.Accessed ? "accessed" : "not accessed";
            });
        });

        (await client.GetAsync("/preload")).Text.ShouldBe("not accessed");
    }

    [Test]
    public async Task TouchedOnlyInAnAfterRequestHook_ReadsAndSavesTheSession()
    {
        var (client, _) = await LoggedInAsync(app =>
        {
            app.AfterRequest(response =>
            {
                if (Request.Current.Path == "/touch") Session.Current["seen"] = Session.Current.GetString("user") + " seen";
                return response;
            });
        });

        await client.GetAsync("/touch");

        (await client.GetAsync("/get/seen")).Text.ShouldBe("alice seen");
    }

    [Test]
    public async Task Touched_EntryGone_StartsANewSessionUnderANewId()
    {
        var (client, _) = await LoggedInAsync();
        var planted = client.GetCookie("session")!;
        await _store.DeleteAsync("session:" + planted, CancellationToken.None);

        await client.GetAsync("/set/user/mallory");

        // As when loading at open: an id the store does not hold is never taken over (session fixation).
        client.GetCookie("session").ShouldNotBe(planted);
    }

    [Test]
    public async Task Touched_EntryGone_IsNew()
    {
        var (client, _) = await LoggedInAsync(app => app.Route("/is-new", () => Session.Current.New ? "new" : "old"));
        await _store.DeleteAsync("session:" + client.GetCookie("session"), CancellationToken.None);

        (await client.GetAsync("/is-new")).Text.ShouldBe("new");
    }

    [Test]
    public async Task StoreDown_UntouchedRequest_Is200()
    {
        var (client, _) = await LoggedInAsync();
        _store.Down = true;

        (await client.GetAsync("/touch")).StatusCode.ShouldBe(200);
    }

    [Test]
    public async Task StoreDown_TouchedRequest_Is503()
    {
        var (client, _) = await LoggedInAsync();
        _store.Down = true;

        (await client.GetAsync("/get/user")).StatusCode.ShouldBe(503);
    }

    [Test]
    public async Task StoreDown_TouchedRequest_LogsOneLineNamingTheStore()
    {
        var logs = new ListLoggerProvider();
        var (client, _) = await LoggedInAsync(logs: logs);
        _store.Down = true;

        await client.GetAsync("/get/user");

        logs.Entries.Count(e => e.Message.Contains("counting memory", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Test]
    public async Task StoreDown_TouchedTwice_AsksTheStoreOnce()
    {
        var (client, _) = await LoggedInAsync(app =>
        {
            app.Route("/twice", () =>
            {
                try
                {
                    _ = Session.Current.Count;
                }
                catch (SessionStoreUnavailableException)
                {
                }
                return Session.Current.GetString("user") ?? "<none>";
            });
        });
        _store.Down = true;
        _store.ResetCounts();

        var response = await client.GetAsync("/twice");

        (response.StatusCode, _store.Calls).ShouldBe((503, 1));
    }

    [Test]
    public async Task StoreDown_LoadAsync_Is503()
    {
        var (client, _) = await LoggedInAsync(app =>
        {
            app.Route("/async", async () =>
            {
                await Session.Current.LoadAsync();
                return "ok";
            });
        });
        _store.Down = true;

        (await client.GetAsync("/async")).StatusCode.ShouldBe(503);
    }

    [Test]
    public async Task StoreNotReadyForSynchronousLoads_LoadsAtOpen()
    {
        var (client, _) = await LoggedInAsync();
        _store.Eager = true;

        await client.GetAsync("/touch");

        (_store.AsyncLoads, _store.SyncLoads).ShouldBe((1, 0));
    }

    [Test]
    public async Task ModifiedSetAlone_LoadsAndRefreshesTheSession()
    {
        var (client, _) = await LoggedInAsync(app =>
        {
            app.Route("/keep-alive", () =>
            {
                Session.Current.Modified = true;
                return "ok";
            });
        });

        var response = await client.GetAsync("/keep-alive");

        (response.GetCookie("session")?.Value, _store.Applies).ShouldBe((client.GetCookie("session"), 1));
    }

    [Test]
    public async Task Regenerate_Untouched_MovesTheStoredData()
    {
        var (client, _) = await LoggedInAsync(app =>
        {
            app.Route("/regenerate", () =>
            {
                ((ServerSideSessionInterface)App.Current.SessionInterface).Regenerate(Session.Current);
                return "ok";
            });
        });
        var before = client.GetCookie("session");

        await client.GetAsync("/regenerate");

        (client.GetCookie("session") != before, (await client.GetAsync("/get/user")).Text).ShouldBe((true, "alice"));
    }

    /// <summary>An app on the counting store with a client logged in as alice, the counts reset.</summary>
    private async Task<(TestClient Client, App App)> LoggedInAsync(Action<App>? configure = null, ListLoggerProvider? logs = null)
    {
        var app = SessionTestApp.Create(new ServerSideSessionInterface(_store), logs: logs);
        configure?.Invoke(app);
        var client = app.TestClient();
        (await client.GetAsync("/set/user/alice")).StatusCode.ShouldBe(200);
        _store.ResetCounts();
        return (client, app);
    }
}
