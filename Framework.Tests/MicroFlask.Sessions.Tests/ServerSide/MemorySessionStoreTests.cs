using MicroFlask.Sessions.ServerSide;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Sessions.Tests.ServerSide;

public class MemorySessionStoreTests : SessionStoreContract
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    protected override Task<ISessionStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<ISessionStore>(new MemorySessionStore(clock));

    [Test]
    public async Task Apply_PastMaxEntries_EvictsTheSoonestToExpire()
    {
        var store = new MemorySessionStore(Clock) { MaxEntries = 3 };
        await ApplyAsync(store, "a", 3 * Hour);
        await ApplyAsync(store, "b", 1 * Hour);
        await ApplyAsync(store, "c", 2 * Hour);

        await ApplyAsync(store, "d", 4 * Hour);

        (await LoadedAsync(store, "a", "b", "c", "d")).ShouldBe(["a", "c", "d"]);
    }

    [Test]
    public async Task Apply_AFloodOfNewSessions_NeverHoldsMoreThanMaxEntries()
    {
        var store = new MemorySessionStore(Clock) { MaxEntries = 100 };

        for (var i = 0; i < 1_000; i++) await ApplyAsync(store, "flood" + i, Hour);

        store.Count.ShouldBeLessThanOrEqualTo(100);
    }

    [Test]
    public async Task Apply_AFloodOfNewSessions_KeepsTheSessionsThatExpireLast()
    {
        var store = new MemorySessionStore(Clock) { MaxEntries = 100 };
        // A login whose session lives a day outlasts a flood of hour-long anonymous ones.
        await ApplyAsync(store, "user", 24 * Hour);

        for (var i = 0; i < 1_000; i++) await ApplyAsync(store, "flood" + i, Hour);

        (await store.LoadAsync("user", CancellationToken.None)).ShouldNotBeNull();
    }

    [Test]
    public async Task Load_AMinuteAfterEntriesExpired_SweepsThemAll()
    {
        var store = new MemorySessionStore(Clock);
        for (var i = 0; i < 5; i++) await ApplyAsync(store, "short" + i, TimeSpan.FromSeconds(30));
        await ApplyAsync(store, "long", Hour);

        Clock.Advance(TimeSpan.FromMinutes(2));
        await store.LoadAsync("someone-else", CancellationToken.None);

        store.Count.ShouldBe(1);
    }

    [Test]
    public async Task Apply_BeforeTheSweepInterval_LeavesExpiredEntriesForLater()
    {
        // Sweeping scans every entry: once a minute, not on every request.
        var store = new MemorySessionStore(Clock);
        await ApplyAsync(store, "short", TimeSpan.FromSeconds(1));

        Clock.Advance(TimeSpan.FromSeconds(10));
        await ApplyAsync(store, "other", Hour);

        store.Count.ShouldBe(2);
    }

    [Test]
    public void MaxEntries_Zero_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new MemorySessionStore { MaxEntries = 0 });
    }

    private static ValueTask ApplyAsync(MemorySessionStore store, string id, TimeSpan timeToLive) =>
        store.ApplyAsync(id, new SessionChanges(false, new Dictionary<string, string> { ["k"] = "1" }, []), timeToLive, CancellationToken.None);

    private static async Task<string[]> LoadedAsync(MemorySessionStore store, params string[] ids)
    {
        var loaded = new List<string>();
        foreach (var id in ids)
        {
            if (await store.LoadAsync(id, CancellationToken.None) is not null) loaded.Add(id);
        }
        return [.. loaded];
    }
}
