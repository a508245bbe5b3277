using MicroFlask.Http;
using MicroFlask.Sessions.ServerSide;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Sessions.Tests.ServerSide;

/// <summary>What the base does whatever the store: ids, format, errors. The stores' shared behaviour is in <see cref="SessionStoreContract"/>.</summary>
public class ServerSideSessionInterfaceTests
{
    private const string Prefix = "session:";

    [Test]
    public async Task Save_NewSession_IdHas256RandomBitsAsUrlSafeBase64()
    {
        var client = SessionTestApp.Create(new ServerSideSessionInterface(new MemorySessionStore())).TestClient();

        await client.GetAsync("/set/user/alice");

        client.GetCookie("session")!.ShouldMatch("^[A-Za-z0-9_-]{43}$");
    }

    [Test]
    public async Task Save_LongerIdLength_GivesALongerId()
    {
        var options = new ServerSideSessionOptions { IdLength = 48 };
        var client = SessionTestApp.Create(new ServerSideSessionInterface(new MemorySessionStore(), options)).TestClient();

        await client.GetAsync("/set/user/alice");

        client.GetCookie("session")!.Length.ShouldBe(64);
    }

    [TestCase("my app:")]
    [TestCase("session\n")]
    [TestCase("tab\t")]
    public void Create_PrefixWithSpacesOrControlCharacters_ThrowsNamingTheKey(string prefix)
    {
        Should.Throw<InvalidOperationException>(() => new ServerSideSessionInterface(new MemorySessionStore(), new ServerSideSessionOptions { KeyPrefix = prefix }))
            .Message.ShouldContain("SESSION_KEY_PREFIX may not contain spaces");
    }

    [Test]
    public void Create_NonAsciiPrefix_CountsItsUtf8Bytes()
    {
        // 20 two-byte characters and a 43-character id: 83 bytes, over a store that holds 80.
        var options = new ServerSideSessionOptions { KeyPrefix = new string('\u00e9', 20) };

        Should.Throw<InvalidOperationException>(() => new ServerSideSessionInterface(new BoundedStore(80), options)).Message.ShouldContain("is 40 bytes long");
    }

    [Test]
    public void Create_LongerIdLength_NeedsRoomForItsIds()
    {
        // 64-character ids (SESSION_ID_LENGTH 48) and "session:" do not fit 70 bytes, 43-character ones do.
        Should.NotThrow(() => new ServerSideSessionInterface(new BoundedStore(70)));

        Should.Throw<InvalidOperationException>(() => new ServerSideSessionInterface(new BoundedStore(70), new ServerSideSessionOptions { IdLength = 48 }))
            .Message.ShouldContain("SESSION_ID_LENGTH 48 (64-character ids)");
    }

    [Test]
    public async Task Open_IdThatFillsTheStoresKey_ReadsTheSession()
    {
        // 8 bytes of prefix and a 62-character id fill a 70-byte key exactly.
        var store = new BoundedStore(70);
        var id = new string('A', 62);
        await store.ApplyAsync(Prefix + id, Set(("_format", "1"), ("user", "\"alice\"")), TimeSpan.FromHours(1), CancellationToken.None);
        var client = SessionTestApp.Create(new ServerSideSessionInterface(store)).TestClient();
        client.SetCookie("session", id);

        (await client.GetAsync("/get/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Open_IdThatWouldNotFitTheStoresKey_StartsANewSessionWithoutAskingTheStore()
    {
        var client = SessionTestApp.Create(new ServerSideSessionInterface(new BoundedStore(70))).TestClient();
        client.SetCookie("session", new string('A', 63));

        var response = await client.GetAsync("/get/user");

        (response.StatusCode, response.Text).ShouldBe((200, "<none>"));
    }

    [Test]
    public async Task Save_StoresTaggedJsonPerKeyAndTheFormatVersion()
    {
        var store = new MemorySessionStore();
        var client = SessionTestApp.Create(new ServerSideSessionInterface(store)).TestClient();

        await client.GetAsync("/set/user/alice");

        var stored = await store.LoadAsync(Prefix + client.GetCookie("session"), CancellationToken.None);
        stored.ShouldBe(new Dictionary<string, string> { ["_format"] = "1", ["_permanent"] = "true", ["user"] = "\"alice\"" }, ignoreOrder: true);
    }

    [Test]
    public async Task Open_NewerFormatVersion_StartsANewSessionAndLogs()
    {
        var store = new MemorySessionStore();
        await store.ApplyAsync(Prefix + "abc", Set(("_format", "2"), ("user", "\"alice\"")), TimeSpan.FromHours(1), CancellationToken.None);
        var logs = new ListLoggerProvider();
        var client = SessionTestApp.Create(new ServerSideSessionInterface(store), logs: logs).TestClient();
        client.SetCookie("session", "abc");

        (await client.GetAsync("/get/user")).Text.ShouldBe("<none>");
        logs.Entries.ShouldContain(e => e.Message.Contains("format version 2", StringComparison.Ordinal));
    }

    [Test]
    public async Task Open_UnreadableValue_DropsOnlyThatKey()
    {
        var store = new MemorySessionStore();
        await store.ApplyAsync(Prefix + "abc", Set(("_format", "1"), ("user", "\"alice\""), ("broken", "{not json")), TimeSpan.FromHours(1), CancellationToken.None);
        var client = SessionTestApp.Create(new ServerSideSessionInterface(store)).TestClient();
        client.SetCookie("session", "abc");

        (await client.GetAsync("/keys")).Text.ShouldBe("user");
    }

    [Test]
    public async Task Save_ReservedFormatKey_IsAnError()
    {
        var app = SessionTestApp.Create(new ServerSideSessionInterface(new MemorySessionStore()));

        var response = await app.TestClient().GetAsync("/set/_format/9");

        response.StatusCode.ShouldBe(500);
    }

    [Test]
    public async Task Save_NestedChangeMarkedModified_IsSaved()
    {
        var app = SessionTestApp.Create(new ServerSideSessionInterface(new MemorySessionStore()));
        app.Route("/cart/new", () =>
        {
            Session.Current["cart"] = new List<object?> { "apple" };
            return "ok";
        });
        app.Route("/cart/add", () =>
        {
            ((List<object?>)Session.Current["cart"]!).Add("pear");
            Session.Current.Modified = true;
            return "ok";
        });
        app.Route("/cart", () => string.Join(",", ((List<object?>)Session.Current["cart"]!).Cast<string>()));
        var client = app.TestClient();
        await client.GetAsync("/cart/new");
        await client.GetAsync("/cart/add");

        (await client.GetAsync("/cart")).Text.ShouldBe("apple,pear");
    }

    [Test]
    public async Task Save_RefreshEachRequestOff_ReadSetsNoCookie()
    {
        var app = SessionTestApp.Create(new ServerSideSessionInterface(new MemorySessionStore()));
        app.Config["SESSION_REFRESH_EACH_REQUEST"] = false;
        var client = app.TestClient();
        await client.GetAsync("/set/user/alice");

        var response = await client.GetAsync("/get/user");

        response.GetCookie("session").ShouldBeNull();
    }

    [Test]
    public async Task Save_UnmodifiedNonPermanentSession_SetsNoCookie()
    {
        var client = SessionTestApp.Create(new ServerSideSessionInterface(new MemorySessionStore(), new ServerSideSessionOptions { Permanent = false })).TestClient();
        await client.GetAsync("/set/user/alice");

        var response = await client.GetAsync("/get/user");

        response.GetCookie("session").ShouldBeNull();
    }

    [Test]
    public async Task Open_StoreSlowerThanTheTimeout_Answers503NamingTheTimeout()
    {
        var logs = new ListLoggerProvider();
        var store = new StubStore { LoadDelay = Timeout.InfiniteTimeSpan };
        var options = new ServerSideSessionOptions { OperationTimeout = TimeSpan.FromMilliseconds(100) };
        var client = SessionTestApp.Create(new ServerSideSessionInterface(store, options), logs: logs).TestClient();
        client.SetCookie("session", "abc");

        (await client.GetAsync("/get/user")).StatusCode.ShouldBe(503);
        logs.Entries.ShouldContain(e => e.Message.Contains("load timed out after 0.1 s", StringComparison.Ordinal));
    }

    [Test]
    public async Task Open_StoreIgnoringCancellation_Answers503WithinTheTimeout()
    {
        var store = new StubStore { LoadDelay = Timeout.InfiniteTimeSpan, IgnoresCancellation = true };
        var options = new ServerSideSessionOptions { OperationTimeout = TimeSpan.FromMilliseconds(200) };
        var client = SessionTestApp.Create(new ServerSideSessionInterface(store, options)).TestClient();
        client.SetCookie("session", "abc");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var response = await client.GetAsync("/get/user").WaitAsync(TimeSpan.FromSeconds(10));

        (response.StatusCode, clock.Elapsed < TimeSpan.FromSeconds(1.2)).ShouldBe((503, true));
    }

    [Test]
    public async Task Open_StoreBackAfterAnOutage_LogsTheRecovery()
    {
        var logs = new ListLoggerProvider();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var store = new StubStore();
        var client = SessionTestApp.Create(new ServerSideSessionInterface(store), clock, logs).TestClient();
        await client.GetAsync("/set/user/alice");
        store.FailLoad = true;
        await client.GetAsync("/get/user");
        await client.GetAsync("/get/user");
        store.FailLoad = false;
        clock.Advance(TimeSpan.FromSeconds(3));

        await client.GetAsync("/get/user");

        logs.Entries.Select(e => e.Message).Where(m => m.StartsWith("Session store", StringComparison.Ordinal)).Last()
            .ShouldBe("Session store stub answers again: 2 requests failed over 0 s.");
    }

    [Test]
    public async Task Save_StoreFails_DoesNotRetryWhileAnsweringTheError()
    {
        var store = new StubStore { FailApply = true };
        var client = SessionTestApp.Create(new ServerSideSessionInterface(store)).TestClient();

        var response = await client.GetAsync("/set/user/alice");

        response.StatusCode.ShouldBe(503);
        store.ApplyCalls.ShouldBe(1);
    }

    [Test]
    public async Task Save_StoreFails_SetsNoCookie()
    {
        var client = SessionTestApp.Create(new ServerSideSessionInterface(new StubStore { FailApply = true })).TestClient();

        var response = await client.GetAsync("/set/user/alice");

        response.GetCookie("session").ShouldBeNull();
    }

    [Test]
    public async Task Open_StoreBackAfterAnOutage_ServesTheEarlierSession()
    {
        var store = new StubStore();
        var client = SessionTestApp.Create(new ServerSideSessionInterface(store)).TestClient();
        await client.GetAsync("/set/user/alice");
        store.FailLoad = true;
        (await client.GetAsync("/get/user")).StatusCode.ShouldBe(503);
        store.FailLoad = false;

        (await client.GetAsync("/get/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Save_StoreUnavailable_HandlerFor503ShapesThePage()
    {
        var app = SessionTestApp.Create(new ServerSideSessionInterface(new StubStore { FailApply = true }));
        app.ErrorHandler(503, _ => ("try again soon", 503));

        var response = await app.TestClient().GetAsync("/set/user/alice");

        response.Text.ShouldBe("try again soon");
    }

    [Test]
    public async Task Save_NewSessionEmptiedInTheSameRequest_TouchesNoStore()
    {
        var store = new StubStore();
        var app = SessionTestApp.Create(new ServerSideSessionInterface(store));
        app.Route("/set-and-clear", () =>
        {
            Session.Current["user"] = "alice";
            Session.Current.Clear();
            return "ok";
        });

        await app.TestClient().GetAsync("/set-and-clear");

        (store.ApplyCalls, store.DeleteCalls).ShouldBe((0, 0));
    }

    [Test]
    public async Task Save_RegeneratedThenEmptied_DeletesOnlyTheOldEntry()
    {
        var store = new StubStore();
        var app = SessionTestApp.Create(new ServerSideSessionInterface(store));
        app.Route("/regenerate-and-clear", () =>
        {
            ((ServerSideSessionInterface)App.Current.SessionInterface).Regenerate(Session.Current);
            Session.Current.Clear();
            return "ok";
        });
        var client = app.TestClient();
        await client.GetAsync("/set/user/alice");
        var old = client.GetCookie("session")!;

        await client.GetAsync("/regenerate-and-clear");

        store.DeleteCalls.ShouldBe(1);
        (await store.LoadAsync(Prefix + old, CancellationToken.None)).ShouldBeNull();
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(129)]
    public void Constructor_IdLengthOutOfRange_ThrowsNamingTheKey(int length)
    {
        var options = new ServerSideSessionOptions { IdLength = length };

        Should.Throw<InvalidOperationException>(() => new ServerSideSessionInterface(new MemorySessionStore(), options))
            .Message.ShouldContain("SESSION_ID_LENGTH");
    }

    [Test]
    public void Regenerate_SessionFromAnotherInterface_Throws()
    {
        var sessions = new ServerSideSessionInterface(new MemorySessionStore());

        Should.Throw<InvalidOperationException>(() => sessions.Regenerate(new SessionDictionary()));
    }

    [Test]
    public async Task Save_SignerKeyRotated_OldCookieStillOpens()
    {
        var store = new MemorySessionStore();
        var options = new ServerSideSessionOptions { UseSigner = true };
        var app = SessionTestApp.Create(new ServerSideSessionInterface(store, options));
        var client = app.TestClient();
        await client.GetAsync("/set/user/alice");

        app.Config["SECRET_KEY_FALLBACKS"] = new List<object?> { SessionTestApp.SecretKey };
        app.SecretKey = "a-newer-secret-key";

        (await client.GetAsync("/get/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Open_ExpiredWithFakeClock_UsesTheAppsClockForTheCookie()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var client = SessionTestApp.Create(new ServerSideSessionInterface(new MemorySessionStore(clock)), clock).TestClient();

        var response = await client.GetAsync("/set/user/alice");

        response.GetCookie("session")!.Expires.ShouldBe(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
    }

    private static SessionChanges Set(params (string Key, string Value)[] entries) =>
        new(false, entries.ToDictionary(e => e.Key, e => e.Value), Array.Empty<string>());

    /// <summary>A memory store that can be made slow or failing.</summary>
    private sealed class StubStore : ISessionStore
    {
        private readonly MemorySessionStore _inner = new();

        public TimeSpan LoadDelay { get; init; } = TimeSpan.Zero;

        /// <summary>Whether the delay goes on past cancellation, as a driver waiting for a frozen server to answer its cancel.</summary>
        public bool IgnoresCancellation { get; init; }

        public bool FailApply { get; set; }

        public bool FailLoad { get; set; }

        public int ApplyCalls { get; private set; }

        public int DeleteCalls { get; private set; }

        public async ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken)
        {
            if (LoadDelay != TimeSpan.Zero) await Task.Delay(LoadDelay, IgnoresCancellation ? CancellationToken.None : cancellationToken);
            if (FailLoad) throw new IOException("connection refused");
            return await _inner.LoadAsync(id, cancellationToken);
        }

        public ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            ApplyCalls++;
            if (FailApply) throw new IOException("connection refused");
            return _inner.ApplyAsync(id, changes, timeToLive, cancellationToken);
        }

        public ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
        {
            DeleteCalls++;
            return _inner.DeleteAsync(id, cancellationToken);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public override string ToString() => "stub";
    }

    /// <summary>A memory store whose keys hold at most <paramref name="maxKeyBytes"/> bytes, and that throws on a longer one, as memcached does.</summary>
    private sealed class BoundedStore(int maxKeyBytes) : ISessionStore
    {
        private readonly MemorySessionStore _inner = new();

        public int MaxKeyBytes => maxKeyBytes;

        public ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken) =>
            _inner.LoadAsync(Check(id), cancellationToken);

        public ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken) =>
            _inner.ApplyAsync(Check(id), changes, timeToLive, cancellationToken);

        public ValueTask DeleteAsync(string id, CancellationToken cancellationToken) => _inner.DeleteAsync(Check(id), cancellationToken);

        public ValueTask DisposeAsync() => _inner.DisposeAsync();

        private string Check(string id) => System.Text.Encoding.UTF8.GetByteCount(id) <= maxKeyBytes
            ? id
            : throw new ArgumentException($"Key of {id.Length} bytes is over {maxKeyBytes}.", nameof(id));
    }
}
