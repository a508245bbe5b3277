using MicroFlask.Sessions.ServerSide;
using MicroFlask.Testing;

namespace MicroFlask.Sessions.Tests.ServerSide;

/// <summary>What a save sends for Increment: a delta when the key was only incremented, the final value when it was also set or removed.</summary>
public class ServerSideSessionIncrementTests
{
    private RecordingStore _store = null!;
    private TestClient _client = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _store = new RecordingStore();
        var app = SessionTestApp.Create(new ServerSideSessionInterface(_store, new ServerSideSessionOptions { KeyPrefix = "" }));
        app.Route("/run/<steps>", (string steps) =>
        {
            // Steps such as "i3,s10,r": increment by 3, set to 10, remove (key "n").
            foreach (var step in steps.Split(','))
            {
                switch (step[0])
                {
                    case 'i': Session.Current.Increment("n", long.Parse(step[1..], System.Globalization.CultureInfo.InvariantCulture)); break;
                    case 'd': Session.Current.Decrement("n", long.Parse(step[1..], System.Globalization.CultureInfo.InvariantCulture)); break;
                    case 's': Session.Current["n"] = long.Parse(step[1..], System.Globalization.CultureInfo.InvariantCulture); break;
                    case 'r': Session.Current.Remove("n"); break;
                    case 'c': Session.Current.Clear(); Session.Current["other"] = "x"; break;
                }
            }
            return "ok";
        });
        _client = app.TestClient();
        // A stored session, so that the next request merges instead of writing whole.
        await _client.GetAsync("/set/start/1");
    }

    [Test]
    public async Task Save_OnlyIncremented_SendsTheSumOfTheDeltas()
    {
        await _client.GetAsync("/run/i3,i4,d2");

        (_store.Last.Increments["n"], _store.Last.Set.ContainsKey("n")).ShouldBe((5L, false));
    }

    [Test]
    public async Task Save_Incremented_AlsoWritesTheFormatVersion()
    {
        await _client.GetAsync("/run/i1");

        _store.Last.Set.Keys.ShouldBe(["_format"]);
    }

    [TestCase("s10,i1", "11")]
    [TestCase("i1,s10", "10")]
    [TestCase("r,i2", "2")]
    public async Task Save_IncrementedAndSetOrRemoved_SendsTheFinalValue(string steps, string value)
    {
        await _client.GetAsync("/run/s5");

        await _client.GetAsync("/run/" + steps);

        (_store.Last.Set["n"], _store.Last.Increments.Count).ShouldBe((value, 0));
    }

    [Test]
    public async Task Save_IncrementedThenRemoved_SendsARemoval()
    {
        await _client.GetAsync("/run/s5");
        await _client.GetAsync("/run/i1,r");

        (string.Join(",", _store.Last.Removed), _store.Last.Increments.Count).ShouldBe(("n", 0));
    }

    [Test]
    public async Task Save_ClearedThenIncremented_WritesTheWholeSession()
    {
        await _client.GetAsync("/run/c,i2");

        (_store.Last.Cleared, _store.Last.Set["n"], _store.Last.Increments.Count).ShouldBe((true, "2", 0));
    }

    [Test]
    public async Task Save_NewSessionIncremented_WritesTheValueWhole()
    {
        _client.DeleteCookie("session");

        await _client.GetAsync("/run/i2");

        (_store.Last.Cleared, _store.Last.Set["n"]).ShouldBe((true, "2"));
    }

    [Test]
    public async Task Open_AfterAnIncrement_ReadsTheNumberAsALong()
    {
        await _client.GetAsync("/run/i7");

        (await _client.GetAsync("/get/n")).Text.ShouldBe("7");
    }

    /// <summary>A memory store that keeps the last change set it was given.</summary>
    private sealed class RecordingStore : ISessionStore
    {
        private readonly MemorySessionStore _inner = new();

        public SessionChanges Last { get; private set; } = SessionChanges.None;

        public ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken) => _inner.LoadAsync(id, cancellationToken);

        public ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            Last = changes;
            return _inner.ApplyAsync(id, changes, timeToLive, cancellationToken);
        }

        public ValueTask DeleteAsync(string id, CancellationToken cancellationToken) => _inner.DeleteAsync(id, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
