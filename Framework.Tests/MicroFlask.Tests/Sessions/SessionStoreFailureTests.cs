using MicroFlask.Sessions;

namespace MicroFlask.Tests.Sessions;

/// <summary>A store that is down is logged where the session interface was called, once per outage, and the request is a 503.</summary>
public class SessionStoreFailureTests
{
    private sealed class DownStore(bool failOpen) : SessionInterface
    {
        public int Saves { get; private set; }

        public override async ValueTask<ISession?> OpenSessionAsync(App app, Request request, CancellationToken cancellationToken)
        {
            await Task.Yield();
            if (failOpen) throw new SessionStoreUnavailableException("fake 10.0.0.1", "load failed: connection refused");
            return new SessionDictionary(isNew: true);
        }

        public override async ValueTask SaveSessionAsync(App app, ISession session, Response response, CancellationToken cancellationToken)
        {
            Saves++;
            await Task.Yield();
            throw new SessionStoreUnavailableException("fake 10.0.0.1", "save failed: connection refused");
        }
    }

    private static (App App, ListLoggerProvider Logs, DownStore Store) Create(bool failOpen)
    {
        var (app, logs) = TestApp.CreateWithLogs();
        var store = new DownStore(failOpen);
        app.SessionInterface = store;
        app.Route("/", () => "ok");
        return (app, logs, store);
    }

    private static string[] StoreLines(ListLoggerProvider logs) =>
        logs.Entries.Select(e => e.Message).Where(m => m.Contains("Session store", StringComparison.Ordinal)).ToArray();

    [Test]
    public async Task Open_StoreDown_Is503()
    {
        var (app, _, _) = Create(failOpen: true);

        (await app.TestClient().GetAsync("/")).StatusCode.ShouldBe(503);
    }

    [Test]
    public async Task Open_StoreDown_LogsOnceWithTheStoreAndTheReason()
    {
        var (app, logs, _) = Create(failOpen: true);

        await app.TestClient().GetAsync("/");

        StoreLines(logs).ShouldBe(["Session store fake 10.0.0.1 unavailable for GET /: load failed: connection refused "
            + "(requests get 503 until it answers; further failures are counted every 10 s)"]);
    }

    [Test]
    public async Task Save_StoreDown_Is503()
    {
        var (app, _, _) = Create(failOpen: false);

        (await app.TestClient().GetAsync("/")).StatusCode.ShouldBe(503);
    }

    [Test]
    public async Task Save_StoreDown_LogsOnceWithTheStoreAndTheReason()
    {
        var (app, logs, _) = Create(failOpen: false);

        await app.TestClient().GetAsync("/");

        StoreLines(logs).ShouldBe(["Session store fake 10.0.0.1 unavailable for GET /: save failed: connection refused "
            + "(requests get 503 until it answers; further failures are counted every 10 s)"]);
    }

    [Test]
    public async Task Save_StoreDown_TheErrorPageDoesNotTryTheStoreAgain()
    {
        var (app, _, store) = Create(failOpen: false);

        await app.TestClient().GetAsync("/");

        store.Saves.ShouldBe(1);
    }

    [Test]
    public async Task Open_StoreDownForManyRequests_LogsOneLine()
    {
        var (app, logs, _) = Create(failOpen: true);
        var client = app.TestClient();

        for (var i = 0; i < 5; i++) await client.GetAsync("/");

        StoreLines(logs).Length.ShouldBe(1);
    }

    [Test]
    public async Task Open_StoreDownPastTheSummaryInterval_LogsTheCountOfFailedRequests()
    {
        var (app, logs, _) = Create(failOpen: true);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        app.TimeProvider = clock;
        var client = app.TestClient();
        for (var i = 0; i < 4; i++) await client.GetAsync("/");
        clock.Advance(TimeSpan.FromSeconds(10));

        await client.GetAsync("/");

        StoreLines(logs).Last().ShouldBe("Session store fake 10.0.0.1 still unavailable: 4 more requests failed in the last 10 s; "
            + "latest reason: load failed: connection refused");
    }
}
