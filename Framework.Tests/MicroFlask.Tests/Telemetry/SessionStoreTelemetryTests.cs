using MicroFlask.Sessions;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Tests.Telemetry;

public class SessionStoreTelemetryTests
{
    [Test]
    public async Task Save_WithListener_RecordsASpanAndTheDurationByStoreAndOperation()
    {
        using var recorder = new TelemetryRecorder();
        var app = TestApp.Create();
        app.SessionInterface = new MemorySessionInterface();
        app.Route("/store-set", (ISession session) => { session["user"] = "ann"; return "ok"; });

        await app.TestClient().GetAsync("/store-set");

        var save = recorder.Of("microflask.session.store.duration", "microflask.session.operation", "save").Single();
        var span = recorder.Activities.Single(a => a.DisplayName == "session save");
        (save.Tags["microflask.session.store.type"], span.GetTagItem("microflask.session.store.type"), span.Parent?.DisplayName)
            .ShouldBe(((object?)"memory", (object?)"memory", "GET /store-set"));
    }

    [Test]
    public async Task Load_StoreFails_CountsAnErrorByOperation()
    {
        using var recorder = new TelemetryRecorder(activities: false);
        var app = TestApp.Create();
        app.SessionInterface = new ServerSideSessionInterface(new FailingStore());
        app.Route("/store-fail", (ISession session) => session.ContainsKey("user") ? "yes" : "no");
        var client = app.TestClient();
        client.SetCookie("session", new string('A', 43));

        (await client.GetAsync("/store-fail")).StatusCode.ShouldBe(503);

        var error = recorder.Of("microflask.session.store.errors", "microflask.session.operation", "load").Single();
        (error.Value, error.Tags["microflask.session.store.type"], error.Tags["error.type"]).ShouldBe((1d, (object?)"failingstore", (object?)typeof(IOException).FullName));
    }

    [Test]
    public void TypeOf_StripsTheSessionStoreSuffix()
    {
        (MicroFlask.Telemetry.StoreObservation.TypeOf(new MemorySessionStore()), MicroFlask.Telemetry.StoreObservation.TypeOf(new FailingStore()))
            .ShouldBe(("memory", "failingstore"));
    }

    /// <summary>A store whose server is always down.</summary>
    internal sealed class FailingStore : ISessionStore
    {
        public ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken) => throw new IOException("connection refused");

        public ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken) => throw new IOException("connection refused");

        public ValueTask DeleteAsync(string id, CancellationToken cancellationToken) => throw new IOException("connection refused");

        public ValueTask PingAsync(CancellationToken cancellationToken) => throw new IOException("connection refused");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
