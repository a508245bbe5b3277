using MicroFlask.Sessions.ServerSide;
using MicroFlask.Testing;

namespace MicroFlask.Sessions.Tests.ServerSide;

/// <summary>
/// The learned prefetch of lazy sessions (docs/sessions.md, "Lazy loading"): once a request to a route touched the
/// session, later requests to it load asynchronously at the start of dispatch; routes never seen touching it stay lazy.
/// </summary>
public class SessionPrefetchTests
{
    private const int Requests = 5;
    private CountingSessionStore _store = null!;

    [SetUp]
    public void SetUp() => _store = new CountingSessionStore();

    [TearDown]
    public async Task TearDownAsync() => await _store.DisposeAsync();

    [Test]
    public async Task TouchingRoute_LaterRequests_LoadAsynchronouslyNeverSynchronously()
    {
        var (client, _) = await LoggedInAsync();

        for (var i = 0; i < Requests; i++) (await client.GetAsync("/get/user")).Text.ShouldBe("alice");

        // The first request learns the route by its synchronous first touch; every later one is loaded ahead.
        (_store.SyncLoads, _store.AsyncLoads).ShouldBe((1, Requests - 1));
    }

    [Test]
    public async Task UntouchingRoute_AfterAnotherRouteWasLearned_CallsNoStore()
    {
        var (client, _) = await LoggedInAsync();
        await client.GetAsync("/get/user");
        _store.ResetCounts();

        for (var i = 0; i < Requests; i++) await client.GetAsync("/touch");

        _store.Calls.ShouldBe(0);
    }

    [Test]
    public async Task LoadAsyncInTheView_TeachesTheRouteToo()
    {
        var (client, _) = await LoggedInAsync(app => app.Route("/async/<key>", async (string key) =>
        {
            await Session.Current.LoadAsync();
            return Session.Current.GetString(key) ?? "<none>";
        }));
        await client.GetAsync("/async/user");

        (await client.GetAsync("/async/user")).Text.ShouldBe("alice");

        (_store.SyncLoads, _store.AsyncLoads).ShouldBe((0, 2));
    }

    [Test]
    public async Task LoadedAheadButUntouched_SavesNothingAndSetsNoCookie()
    {
        var touch = true;
        var (client, _) = await LoggedInAsync(app => app.Route("/maybe", () => touch ? Session.Current.GetString("user") ?? "<none>" : "skipped"));
        await client.GetAsync("/maybe");
        touch = false;
        _store.ResetCounts();

        var response = await client.GetAsync("/maybe");

        // Loaded ahead because the route touched it before; this request did not, so it is not saved or refreshed.
        (_store.AsyncLoads, _store.Applies, response.GetCookie("session"), response.Headers.Get("Vary")).ShouldBe((1, 0, null, null));
    }

    [Test]
    public async Task HookThatTouchesTheSession_MarksEveryRoute()
    {
        var hookTouches = true;
        var (client, _) = await LoggedInAsync(app => app.BeforeRequest(() =>
        {
            if (hookTouches) _ = Session.Current.GetString("user");
        }));
        await client.GetAsync("/touch");
        hookTouches = false;
        _store.ResetCounts();

        // A route no view of which ever touched the session: loaded ahead, because a hook that runs for it did.
        await client.GetAsync("/keys");

        (_store.SyncLoads, _store.AsyncLoads).ShouldBe((0, 1));
    }

    [Test]
    public async Task AfterRequestHookThatTouchesTheSession_MarksEveryRoute()
    {
        var hookTouches = true;
        var (client, _) = await LoggedInAsync(app => app.AfterRequest(response =>
        {
            if (hookTouches) _ = Session.Current.GetString("user");
            return response;
        }));
        await client.GetAsync("/touch");
        hookTouches = false;
        _store.ResetCounts();

        await client.GetAsync("/keys");

        (_store.SyncLoads, _store.AsyncLoads).ShouldBe((0, 1));
    }

    [Test]
    public async Task UnmatchedRequests_AreOneKey_LearnedByATouchingErrorHandler()
    {
        var (client, _) = await LoggedInAsync(app => app.ErrorHandler(404, _ => Session.Current.GetString("user") ?? "<none>"));
        await client.GetAsync("/no/such/page");
        _store.ResetCounts();

        (await client.GetAsync("/another/missing/page")).Text.ShouldBe("alice");
        await client.GetAsync("/touch");

        // The second 404 (another path, the same "no rule" key) loads ahead; a matched route that never touched stays lazy.
        (_store.SyncLoads, _store.AsyncLoads).ShouldBe((0, 1));
    }

    [Test]
    public async Task StoreDown_OnALearnedRoute_Is503AndAsksTheStoreOnce()
    {
        var (client, _) = await LoggedInAsync();
        await client.GetAsync("/get/user");
        _store.Down = true;
        _store.ResetCounts();

        var response = await client.GetAsync("/get/user");

        (response.StatusCode, _store.Calls).ShouldBe((503, 1));
    }

    /// <summary>An app on the counting store with a client logged in as alice, the counts reset.</summary>
    private async Task<(TestClient Client, App App)> LoggedInAsync(Action<App>? configure = null)
    {
        var app = SessionTestApp.Create(new ServerSideSessionInterface(_store));
        configure?.Invoke(app);
        var client = app.TestClient();
        (await client.GetAsync("/set/user/alice")).StatusCode.ShouldBe(200);
        _store.ResetCounts();
        return (client, app);
    }
}
