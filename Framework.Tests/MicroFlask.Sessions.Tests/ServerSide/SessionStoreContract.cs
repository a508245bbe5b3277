using MicroFlask.Sessions.ServerSide;
using MicroFlask.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Sessions.Tests.ServerSide;

/// <summary>
/// The behaviour every server-side store must have, run through an <see cref="App"/> and its test client. Each store's
/// fixture inherits it and says how to make the store (<see cref="CreateStoreAsync"/>), whether its server keeps
/// time itself (<see cref="ServerKeepsTime"/>: TTL tests then wait for real); a store that can lose its server
/// inherits <see cref="UnreachableStoreContract"/> instead, which adds the outage tests. A store that documents
/// last-write-wins says so with <see cref="LastWriteWinsAttribute"/>, and the concurrent-merge tests
/// (<see cref="ConcurrentMergeTestAttribute"/>) are not generated for it. Every test uses its own key prefix, so a shared server
/// needs no cleaning between tests.
/// </summary>
public abstract partial class SessionStoreContract
{
    private readonly List<ISessionStore> _stores = new();

    /// <summary>The app's clock; stores that measure expiry on the client side get it too.</summary>
    protected FakeTimeProvider Clock { get; private set; } = null!;

    /// <summary>The store under test, shared by every app a test creates.</summary>
    protected ISessionStore Store { get; private set; } = null!;

    /// <summary>This test's key prefix.</summary>
    protected string KeyPrefix { get; private set; } = "";

    /// <summary>
    /// Makes the store under test, timed by <paramref name="clock"/> when it measures time itself. When its server
    /// cannot be reached, end the test with <see cref="Prerequisite.Missing"/>.
    /// </summary>
    protected abstract Task<ISessionStore> CreateStoreAsync(TimeProvider clock);

    /// <summary>Whether the server expires entries by its own clock (Redis, memcached): TTL tests then wait in real time.</summary>
    protected virtual bool ServerKeepsTime => false;

    /// <summary>The interface that puts <paramref name="store"/> behind the cookie; override for a store's own subclass.</summary>
    protected virtual ServerSideSessionInterface CreateInterface(ISessionStore store, ServerSideSessionOptions options) => new(store, options);

    [SetUp]
    public async Task SetUpStoreAsync()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        KeyPrefix = "test:" + Guid.NewGuid().ToString("N")[..12] + ":";
        Store = await CreateStoreAsync(StoreClock);
        _stores.Add(Store);
    }

    [TearDown]
    public async Task TearDownStoresAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        _stores.Clear();
    }

    /// <summary>The clock a store is given: the fake one, unless the server keeps time itself.</summary>
    protected TimeProvider StoreClock => ServerKeepsTime ? TimeProvider.System : Clock;

    /// <summary>Disposes <paramref name="store"/> after the test, with the store under test.</summary>
    protected void DisposeAfterTest(ISessionStore store) => _stores.Add(store);

    /// <summary>An app on <paramref name="store"/> (the store under test by default) with the session test views.</summary>
    protected App CreateApp(
        Func<ServerSideSessionOptions, ServerSideSessionOptions>? options = null,
        ISessionStore? store = null,
        ListLoggerProvider? logs = null,
        SessionTestApp.Gates? gates = null,
        Action<App>? configure = null)
    {
        var sessionOptions = new ServerSideSessionOptions { KeyPrefix = KeyPrefix };
        if (options is not null) sessionOptions = options(sessionOptions);
        var app = SessionTestApp.Create(CreateInterface(store ?? Store, sessionOptions), Clock, logs, gates);
        configure?.Invoke(app);
        return app;
    }

    /// <summary>What the store holds for the session behind <paramref name="cookieValue"/> (an unsigned id).</summary>
    protected async Task<IReadOnlyDictionary<string, string>?> StoredAsync(string cookieValue) =>
        await Store.LoadAsync(KeyPrefix + cookieValue, CancellationToken.None);

    /// <summary>Lets a session's stored lifetime pass: the fake clock, or real time for a server that keeps its own.</summary>
    protected async Task LetTimePassAsync(TimeSpan fakeTime, TimeSpan realTime)
    {
        Clock.Advance(fakeTime);
        if (ServerKeepsTime) await Task.Delay(realTime);
    }

    /// <summary>The session lifetime used by the expiry tests: a month, or two seconds where expiry takes real time.</summary>
    private TimeSpan ShortLifetime => ServerKeepsTime ? TimeSpan.FromSeconds(2) : TimeSpan.FromDays(31);

    [Test]
    public async Task HealthRoute_StoreAnswers_Is200Healthy()
    {
        var client = CreateApp(configure: app => app.AddHealthRoute("/healthz")).TestClient();

        var response = await client.GetAsync("/healthz");

        (response.StatusCode, response.Text).ShouldBe((200, "Healthy\n"));
    }

    [Test]
    public async Task Apply_SetsAndRemovesOnlyTheGivenKeys()
    {
        var id = KeyPrefix + "direct";
        await Store.ApplyAsync(id, Changes(set: [("a", "1"), ("b", "2")]), TimeSpan.FromHours(1), CancellationToken.None);

        await Store.ApplyAsync(id, Changes(set: [("c", "3")], removed: ["a"]), TimeSpan.FromHours(1), CancellationToken.None);

        (await Store.LoadAsync(id, CancellationToken.None)).ShouldBe(new Dictionary<string, string> { ["b"] = "2", ["c"] = "3" }, ignoreOrder: true);
    }

    [Test]
    public async Task Apply_Cleared_DropsEveryEarlierKey()
    {
        var id = KeyPrefix + "direct";
        await Store.ApplyAsync(id, Changes(set: [("a", "1"), ("b", "2")]), TimeSpan.FromHours(1), CancellationToken.None);

        await Store.ApplyAsync(id, Changes(cleared: true, set: [("c", "3")]), TimeSpan.FromHours(1), CancellationToken.None);

        (await Store.LoadAsync(id, CancellationToken.None)).ShouldBe(new Dictionary<string, string> { ["c"] = "3" }, ignoreOrder: true);
    }

    [Test]
    public async Task Apply_NoChanges_KeepsTheData()
    {
        var id = KeyPrefix + "direct";
        await Store.ApplyAsync(id, Changes(set: [("a", "1")]), TimeSpan.FromHours(1), CancellationToken.None);

        await Store.ApplyAsync(id, SessionChanges.None, TimeSpan.FromHours(1), CancellationToken.None);

        (await Store.LoadAsync(id, CancellationToken.None)).ShouldBe(new Dictionary<string, string> { ["a"] = "1" }, ignoreOrder: true);
    }

    [Test]
    public async Task Delete_RemovesTheSession()
    {
        var id = KeyPrefix + "direct";
        await Store.ApplyAsync(id, Changes(set: [("a", "1")]), TimeSpan.FromHours(1), CancellationToken.None);

        await Store.DeleteAsync(id, CancellationToken.None);

        (await Store.LoadAsync(id, CancellationToken.None)).ShouldBeNull();
    }

    [Test]
    public async Task Delete_MissingSession_IsNoError()
    {
        await Should.NotThrowAsync(async () => await Store.DeleteAsync(KeyPrefix + "never-stored", CancellationToken.None));
    }

    [Test]
    public async Task Load_MissingSession_IsNull()
    {
        (await Store.LoadAsync(KeyPrefix + "never-stored", CancellationToken.None)).ShouldBeNull();
    }

    [Test]
    public async Task Apply_ValuesWithQuotesAndNonAscii_ComeBackUnchanged()
    {
        var id = KeyPrefix + "direct";
        const string value = "{\" t\":[\"caf\u00e9 \u2603\",\"'quoted'\"]}";
        await Store.ApplyAsync(id, Changes(set: [("näme", value)]), TimeSpan.FromHours(1), CancellationToken.None);

        (await Store.LoadAsync(id, CancellationToken.None))!["näme"].ShouldBe(value);
    }

    [Test]
    public async Task Save_ThenOpen_ReadsTheValueBack()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/user/alice");

        (await client.GetAsync("/get/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Save_KeepsTaggedTypes()
    {
        var app = CreateApp();
        var id = Guid.NewGuid();
        var when = new DateTimeOffset(2015, 10, 21, 7, 28, 0, TimeSpan.Zero);
        app.Route("/typed/write", () =>
        {
            Session.Current["bytes"] = new byte[] { 1, 2, 3 };
            Session.Current["guid"] = id;
            Session.Current["when"] = when;
            Session.Current["number"] = 42L;
            Session.Current["list"] = new List<object?> { "a", 1L, true };
            return "ok";
        });
        app.Route("/typed/read", () => string.Join("|",
            Convert.ToHexString((byte[])Session.Current["bytes"]!),
            Session.Current["guid"] is Guid g && g == id,
            Session.Current["when"] is DateTimeOffset d && d == when,
            Session.Current["number"] is long n && n == 42,
            Session.Current["list"] is List<object?> { Count: 3 }));
        var client = app.TestClient();
        await client.GetAsync("/typed/write");

        (await client.GetAsync("/typed/read")).Text.ShouldBe("010203|True|True|True|True");
    }

    [Test]
    public async Task Open_AfterTheLifetime_StartsANewSession()
    {
        var client = CreateApp(configure: a => a.Config["PERMANENT_SESSION_LIFETIME"] = ShortLifetime).TestClient();
        await client.GetAsync("/set/user/alice");
        var cookie = client.GetCookie("session")!;

        await LetTimePassAsync(ShortLifetime + TimeSpan.FromSeconds(1), ShortLifetime + TimeSpan.FromSeconds(1.5));
        // The browser would have dropped its cookie too; sending it anyway shows that the store forgot the session.
        client.SetCookie("session", cookie);

        (await client.GetAsync("/get/user")).Text.ShouldBe("<none>");
    }

    [Test]
    public async Task Open_WithRefreshEachRequest_ExtendsTheLifetime()
    {
        var client = CreateApp(configure: a => a.Config["PERMANENT_SESSION_LIFETIME"] = ShortLifetime).TestClient();
        await client.GetAsync("/set/user/alice");

        await LetTimePassAsync(ShortLifetime * 0.6, ShortLifetime * 0.6);
        // A request that reads the session: a lazy store never refreshes one that is not touched.
        await client.GetAsync("/get/other");
        await LetTimePassAsync(ShortLifetime * 0.6, ShortLifetime * 0.6);

        (await client.GetAsync("/get/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Untouched_WithACookie_IsRefreshedOnlyByAStoreThatLoadsAtOpen()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/user/alice");

        var response = await client.GetAsync("/touch");

        // A lazy store (docs/sessions.md, "Lazy loading") never loads an untouched session, so has nothing to refresh.
        var lazy = Store is ISynchronousSessionLoad { CanLoadSynchronously: true };
        (response.GetCookie("session") is null).ShouldBe(lazy);
    }

    [Test]
    public async Task Save_PermanentSession_CookieExpiresWithTheLifetime()
    {
        var client = CreateApp().TestClient();

        var response = await client.GetAsync("/set/user/alice");

        response.GetCookie("session")!.Expires!.Value.ShouldBe(Clock.GetUtcNow() + TimeSpan.FromDays(31), TimeSpan.FromSeconds(1));
    }

    [Test]
    public async Task Save_NotPermanent_SetsABrowserSessionCookie()
    {
        var client = CreateApp(o => o with { Permanent = false }).TestClient();

        var response = await client.GetAsync("/set/user/alice");

        response.GetCookie("session")!.IsSessionCookie.ShouldBeTrue();
    }

    [Test]
    public async Task Save_NotPermanent_StillStoresTheData()
    {
        var client = CreateApp(o => o with { Permanent = false }).TestClient();
        await client.GetAsync("/set/user/alice");

        (await client.GetAsync("/get/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Save_UntouchedNewSession_SetsNoCookie()
    {
        var response = await CreateApp().TestClient().GetAsync("/touch");

        response.GetCookie("session").ShouldBeNull();
    }

    [Test]
    public async Task Save_SessionRead_AddsVaryCookie()
    {
        var response = await CreateApp().TestClient().GetAsync("/get/user");

        response.Headers.Get("Vary").ShouldBe("Cookie");
    }

    [Test]
    public async Task Save_EmptiedSession_DeletesTheCookie()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/user/alice");

        var response = await client.GetAsync("/clear");

        response.GetCookie("session")!.IsDeletion(Clock.GetUtcNow()).ShouldBeTrue();
    }

    [Test]
    public async Task Save_EmptiedSession_DeletesTheStoredEntry()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/user/alice");
        var sid = client.GetCookie("session")!;

        await client.GetAsync("/clear");

        (await StoredAsync(sid)).ShouldBeNull();
    }

    [Test]
    public async Task Regenerate_GivesANewId()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/cart/3");
        var before = client.GetCookie("session");

        await client.GetAsync("/login/alice");

        client.GetCookie("session").ShouldNotBe(before);
    }

    [Test]
    public async Task Regenerate_DeletesTheOldEntry()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/cart/3");
        var before = client.GetCookie("session")!;

        await client.GetAsync("/login/alice");

        (await StoredAsync(before)).ShouldBeNull();
    }

    [Test]
    public async Task Regenerate_KeepsTheData()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/cart/3");
        await client.GetAsync("/login/alice");

        (await client.GetAsync("/keys")).Text.ShouldBe("cart,user");
    }

    [Test]
    public async Task Save_WithSigner_CookieCarriesASignedId()
    {
        var client = CreateApp(o => o with { UseSigner = true }).TestClient();
        await client.GetAsync("/set/user/alice");
        var cookie = client.GetCookie("session")!;

        var signer = new MicroFlask.Signing.Signer(SessionTestApp.SecretKey, new MicroFlask.Signing.SignerOptions { Salt = "flask-session", KeyDerivation = MicroFlask.Signing.KeyDerivation.Hmac });
        (await StoredAsync(signer.Unsign(cookie))).ShouldNotBeNull();
    }

    [Test]
    public async Task Open_WithSigner_ReadsTheValueBack()
    {
        var client = CreateApp(o => o with { UseSigner = true }).TestClient();
        await client.GetAsync("/set/user/alice");

        (await client.GetAsync("/get/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Save_WithoutSigner_CookieIsTheStoredId()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/user/alice");

        (await StoredAsync(client.GetCookie("session")!)).ShouldNotBeNull();
    }

    [Test]
    public async Task Open_TamperedSignature_StartsANewEmptySession()
    {
        var client = CreateApp(o => o with { UseSigner = true }).TestClient();
        await client.GetAsync("/set/user/alice");
        var cookie = client.GetCookie("session")!;
        client.SetCookie("session", cookie[..^2] + (cookie[^2] == 'A' ? "BB" : "AA"));

        (await client.GetAsync("/get/user")).Text.ShouldBe("<none>");
    }

    [Test]
    public async Task Open_UnsignedIdWhenSignerIsOn_StartsANewEmptySession()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/user/alice");
        var signedApp = CreateApp(o => o with { UseSigner = true }).TestClient();
        signedApp.SetCookie("session", client.GetCookie("session")!);

        (await signedApp.GetAsync("/get/user")).Text.ShouldBe("<none>");
    }

    [Test]
    public async Task Save_UnknownIdFromTheClient_IsNotAdopted()
    {
        var client = CreateApp().TestClient();
        var planted = new string('A', 43);
        client.SetCookie("session", planted);

        await client.GetAsync("/set/user/alice");

        client.GetCookie("session").ShouldNotBe(planted);
    }

    [Test]
    public async Task Open_MalformedId_StartsANewEmptySession()
    {
        var client = CreateApp().TestClient();
        client.SetCookie("session", "../../etc/passwd");

        var response = await client.GetAsync("/get/user");

        response.Text.ShouldBe("<none>");
    }

    [TestCase(257)]
    [TestCase(1024)]
    public async Task Open_IdLongerThanAnyIssued_StartsANewSession(int length)
    {
        var client = CreateApp().TestClient();
        client.SetCookie("session", new string('A', length));

        var response = await client.GetAsync("/set/user/alice");

        response.StatusCode.ShouldBe(200);
        client.GetCookie("session")!.Length.ShouldBe(43);
    }

    /// <summary>The prefix that fills the store's keys exactly with an issued id (at most 300 bytes where keys are not bounded).</summary>
    private string LongestPrefix => KeyPrefix + new string('p', (int)Math.Min(Store.MaxKeyBytes - 43L, 300) - KeyPrefix.Length);

    [Test]
    public async Task Save_WithTheLongestPrefix_StoresTheSession()
    {
        var prefix = LongestPrefix;
        var client = CreateApp(o => o with { KeyPrefix = prefix }).TestClient();
        await client.GetAsync("/set/user/alice");

        (await Store.LoadAsync(prefix + client.GetCookie("session"), CancellationToken.None)).ShouldNotBeNull();
    }

    [TestCase(44)]
    [TestCase(243)]
    [TestCase(256)]
    public async Task Open_WithTheLongestPrefix_AnyIdUpTo256Characters_IsANewSessionNotAnError(int length)
    {
        var prefix = LongestPrefix;
        var client = CreateApp(o => o with { KeyPrefix = prefix }).TestClient();
        client.SetCookie("session", new string('A', length));

        var response = await client.GetAsync("/set/user/alice");

        response.StatusCode.ShouldBe(200);
        client.GetCookie("session").ShouldNotBe(new string('A', length));
    }

    [Test]
    public void Create_PrefixLeavingNoRoomForAnId_ThrowsNamingTheKey()
    {
        if (Store.MaxKeyBytes > 1_000_000) Assert.Pass("This store's keys are not bounded below a megabyte.");
        var prefix = new string('p', Store.MaxKeyBytes - 42);

        Should.Throw<InvalidOperationException>(() => CreateApp(o => o with { KeyPrefix = prefix })).Message.ShouldContain("SESSION_KEY_PREFIX");
    }

    [TestCase("/touch")]
    [TestCase("/get/user")]
    [TestCase("/set-then-remove")]
    public async Task Save_NewSessionNeverWritten_StoresNothingAndSetsNoCookie(string path)
    {
        var app = CreateApp();
        string? sid = null;
        app.AfterRequest(response =>
        {
            sid = ((ServerSideSession)Session.Current).Sid;
            return response;
        });
        app.Route("/set-then-remove", () =>
        {
            Session.Current["user"] = "alice";
            Session.Current.Remove("user");
            return "ok";
        });

        var response = await app.TestClient().GetAsync(path);

        // As Flask: a session emptied during the request may send a deletion, never an id.
        (response.GetCookie("session") is not { } cookie || cookie.IsDeletion(Clock.GetUtcNow())).ShouldBeTrue();
        (await StoredAsync(sid.ShouldNotBeNull())).ShouldBeNull();
    }

    [ConcurrentMergeTest]
    public async Task Save_FiftyParallelRequestsOnOneSession_KeepsEveryKey()
    {
        // Loaded ahead with LoadAsync, as docs/sessions.md advises for concurrent views: fifty synchronous loads at once
        // would each block a thread-pool thread on a small machine, waiting for replies that the driver (StackExchange.Redis 3)
        // completes on the thread pool too.
        var app = CreateApp(configure: a => a.Route("/set-async/<key>/<value>", async (string key, string value) =>
        {
            await Session.Current.LoadAsync();
            Session.Current[key] = value;
            return "ok";
        }));
        var first = app.TestClient();
        await first.GetAsync("/set/start/1");
        var cookie = first.GetCookie("session")!;

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            var client = app.TestClient();
            client.SetCookie("session", cookie);
            var response = await client.GetAsync($"/set-async/k{i:00}/v{i}");
            response.StatusCode.ShouldBe(200);
        })));

        var keys = (await first.GetAsync("/keys")).Text.Split(',');
        keys.Length.ShouldBe(51);
    }

    [ConcurrentMergeTest]
    public async Task Save_TwoRequestsWriteOneKey_LaterSaveWinsForThatKeyOnly()
    {
        var gates = new SessionTestApp.Gates();
        var app = CreateApp(gates: gates);
        var setup = app.TestClient();
        await setup.GetAsync("/set/x/original");
        var cookie = setup.GetCookie("session")!;
        var early = app.TestClient();
        early.SetCookie("session", cookie);
        var late = app.TestClient();
        late.SetCookie("session", cookie);

        // "late" loads first and saves last; "early" loads after it and saves first.
        var lateRequest = late.GetAsync("/gate/late/x/late");
        await gates.Get("entered:late").Task;
        await early.GetAsync("/set/x/early");
        await early.GetAsync("/set/other/early");
        gates.Open("late");
        await lateRequest;

        (await setup.GetAsync("/get/x")).Text.ShouldBe("late");
        (await setup.GetAsync("/get/other")).Text.ShouldBe("early");
    }

    [ConcurrentMergeTest]
    public async Task Save_RemoveWhileAnotherRequestSets_KeepsTheOtherKey()
    {
        var gates = new SessionTestApp.Gates();
        var app = CreateApp(gates: gates);
        var setup = app.TestClient();
        await setup.GetAsync("/set/a/1");
        await setup.GetAsync("/set/b/1");
        var cookie = setup.GetCookie("session")!;
        var setter = app.TestClient();
        setter.SetCookie("session", cookie);
        var remover = app.TestClient();
        remover.SetCookie("session", cookie);

        var setRequest = setter.GetAsync("/gate/g/c/1");
        await gates.Get("entered:g").Task;
        await remover.GetAsync("/remove/a");
        gates.Open("g");
        await setRequest;

        (await setup.GetAsync("/keys")).Text.ShouldBe("b,c");
    }

    /// <summary>An app with counter views: /number/KEY/N sets a long, /incr/KEY/N and /decr/KEY/N answer the new value,
    /// /incr-then-remove/KEY, /set-then-incr/KEY/N (sets N, then adds 1), /number/KEY reads it.</summary>
    private App CreateCounterApp()
    {
        var app = CreateApp();
        app.Route("/number/<key>/<int:value>", (string key, long value) =>
        {
            Session.Current[key] = value;
            return "ok";
        });
        app.Route("/number/<key>", (string key) => Session.Current.TryGetValue(key, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)! : "<none>");
        app.Route("/incr/<key>/<int:delta>", (string key, long delta) => Session.Current.Increment(key, delta).ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.Route("/decr/<key>/<int:delta>", (string key, long delta) => Session.Current.Decrement(key, delta).ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.Route("/incr-then-remove/<key>", (string key) =>
        {
            Session.Current.Increment(key);
            Session.Current.Remove(key);
            return "ok";
        });
        app.Route("/set-then-incr/<key>/<int:value>", (string key, long value) =>
        {
            Session.Current[key] = value;
            return Session.Current.Increment(key).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        return app;
    }

    [ConcurrentMergeTest]
    public async Task Increment_FiftyParallelRequestsTwentyRoundsOnOneSession_CountsEveryOne()
    {
        var app = CreateCounterApp();
        var first = app.TestClient();
        await first.GetAsync("/set/start/1");
        var cookie = first.GetCookie("session")!;
        // One request first teaches a lazy store's app the route (docs/sessions.md, "Lazy loading"), so the rounds load
        // ahead asynchronously: fifty first touches at once would each block a pool thread on a synchronous load.
        (await first.GetAsync("/incr/hits/0")).Text.ShouldBe("0");
        var failures = 0;

        for (var round = 0; round < 20; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
            {
                var client = app.TestClient();
                client.SetCookie("session", cookie);
                var response = await client.GetAsync("/incr/hits/1");
                if (response.StatusCode != 200) Interlocked.Increment(ref failures);
            })));
        }

        (failures, (await first.GetAsync("/number/hits")).Text).ShouldBe((0, "1000"));
    }

    [Test]
    public async Task Increment_MissingKeyOfAStoredSession_StartsAtZero()
    {
        var client = CreateCounterApp().TestClient();
        await client.GetAsync("/set/start/1");

        var answered = (await client.GetAsync("/incr/hits/5")).Text;

        (answered, (await StoredAsync(client.GetCookie("session")!))!["hits"]).ShouldBe(("5", "5"));
    }

    [Test]
    public async Task Increment_NewSession_StoresTheDelta()
    {
        var client = CreateCounterApp().TestClient();

        await client.GetAsync("/incr/hits/3");

        (await client.GetAsync("/number/hits")).Text.ShouldBe("3");
    }

    [Test]
    public async Task Increment_ReturnsTheValueThisRequestSees()
    {
        var client = CreateCounterApp().TestClient();
        await client.GetAsync("/number/hits/10");
        await client.GetAsync("/incr/hits/3");

        (await client.GetAsync("/incr/hits/3")).Text.ShouldBe("16");
    }

    [Test]
    public async Task Decrement_SubtractsTheDelta()
    {
        var client = CreateCounterApp().TestClient();
        await client.GetAsync("/number/stock/10");
        await client.GetAsync("/decr/stock/4");

        (await client.GetAsync("/number/stock")).Text.ShouldBe("6");
    }

    [Test]
    public async Task Increment_ThenRemoveInOneRequest_RemovesTheKey()
    {
        var client = CreateCounterApp().TestClient();
        await client.GetAsync("/set/start/1");
        await client.GetAsync("/number/hits/10");

        await client.GetAsync("/incr-then-remove/hits");

        (await client.GetAsync("/keys")).Text.ShouldBe("start");
    }

    [Test]
    public async Task Increment_AfterASetInOneRequest_StoresTheSetValuePlusTheDelta()
    {
        var client = CreateCounterApp().TestClient();
        await client.GetAsync("/number/hits/10");

        await client.GetAsync("/set-then-incr/hits/40");

        (await client.GetAsync("/number/hits")).Text.ShouldBe("41");
    }

    [Test]
    public async Task Increment_KeyHoldingAString_IsA500AndKeepsTheValue()
    {
        var client = CreateCounterApp().TestClient();
        await client.GetAsync("/set/hits/many");

        var response = await client.GetAsync("/incr/hits/1");

        (response.StatusCode, (await client.GetAsync("/get/hits")).Text).ShouldBe((500, "many"));
    }

    [Test]
    public async Task Apply_Increments_AddToTheStoredIntegers()
    {
        var id = KeyPrefix + "direct";
        await Store.ApplyAsync(id, Changes(set: [("n", "5"), ("other", "\"x\"")]), TimeSpan.FromHours(1), CancellationToken.None);

        await Store.ApplyAsync(id, Changes(increments: [("n", 3), ("m", -2)]), TimeSpan.FromHours(1), CancellationToken.None);
        await Store.ApplyAsync(id, Changes(increments: [("n", 4)]), TimeSpan.FromHours(1), CancellationToken.None);

        (await Store.LoadAsync(id, CancellationToken.None)).ShouldBe(new Dictionary<string, string> { ["n"] = "12", ["m"] = "-2", ["other"] = "\"x\"" }, ignoreOrder: true);
    }

    [Test]
    public async Task Apply_IncrementsOfAMissingSession_CreateIt()
    {
        var id = KeyPrefix + "direct";

        await Store.ApplyAsync(id, Changes(set: [("_format", "1")], increments: [("n", 7)]), TimeSpan.FromHours(1), CancellationToken.None);

        (await Store.LoadAsync(id, CancellationToken.None)).ShouldBe(new Dictionary<string, string> { ["_format"] = "1", ["n"] = "7" }, ignoreOrder: true);
    }

    [Test]
    public async Task Apply_IncrementOfANonInteger_FailsAndChangesNothing()
    {
        var id = KeyPrefix + "direct";
        await Store.ApplyAsync(id, Changes(set: [("n", "\"many\"")]), TimeSpan.FromHours(1), CancellationToken.None);

        await Should.ThrowAsync<Exception>(async () =>
            await Store.ApplyAsync(id, Changes(set: [("b", "1")], increments: [("n", 1)]), TimeSpan.FromHours(1), CancellationToken.None));

        (await Store.LoadAsync(id, CancellationToken.None)).ShouldBe(new Dictionary<string, string> { ["n"] = "\"many\"" }, ignoreOrder: true);
    }

    [Test]
    public async Task Open_OnASecondAppSharingTheStore_SeesTheLogin()
    {
        var first = CreateApp().TestClient();
        await first.GetAsync("/login/alice");
        var second = CreateApp().TestClient();
        second.SetCookie("session", first.GetCookie("session")!);

        (await second.GetAsync("/get/user")).Text.ShouldBe("alice");
    }

    /// <summary>An app with SESSION_IDLE_TIMEOUT and/or SESSION_ABSOLUTE_TIMEOUT set.</summary>
    protected App CreateAppWithTimeouts(TimeSpan? idle = null, TimeSpan? absolute = null) => CreateApp(configure: app =>
    {
        if (idle is not null) app.Config["SESSION_IDLE_TIMEOUT"] = idle;
        if (absolute is not null) app.Config["SESSION_ABSOLUTE_TIMEOUT"] = absolute;
    });

    [Test]
    public async Task Open_UnusedForTheIdleTimeout_StartsANewSession()
    {
        var client = CreateAppWithTimeouts(idle: TimeSpan.FromMinutes(30)).TestClient();
        await client.GetAsync("/set/user/alice");

        Clock.Advance(TimeSpan.FromMinutes(31));

        (await client.GetAsync("/get/user")).Text.ShouldBe("<none>");
    }

    [Test]
    public async Task Open_UsedWithinTheIdleTimeout_SlidesItsEnd()
    {
        var client = CreateAppWithTimeouts(idle: TimeSpan.FromMinutes(30)).TestClient();
        await client.GetAsync("/set/user/alice");

        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(20));
            // A request whose view reads the session uses it (on a lazy store an untouched one does not: see below).
            await client.GetAsync("/get/other");
        }

        (await client.GetAsync("/get/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Open_PastTheAbsoluteTimeout_StartsANewSessionEvenWhenInUse()
    {
        var client = CreateAppWithTimeouts(idle: TimeSpan.FromMinutes(30), absolute: TimeSpan.FromHours(2)).TestClient();
        await client.GetAsync("/set/user/alice");

        for (var i = 0; i < 7; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(20));
            await client.GetAsync("/get/other");
        }

        (await client.GetAsync("/get/user")).Text.ShouldBe("<none>");
    }

    [Test]
    public async Task Regenerate_RestartsTheAbsoluteTimeout()
    {
        var client = CreateAppWithTimeouts(absolute: TimeSpan.FromHours(2)).TestClient();
        await client.GetAsync("/login/alice");
        Clock.Advance(TimeSpan.FromMinutes(110));

        await client.GetAsync("/login/bob");
        Clock.Advance(TimeSpan.FromMinutes(20));

        (await client.GetAsync("/get/user")).Text.ShouldBe("bob");
    }

    [Test]
    public async Task Save_IdleTimeout_BoundsTheStoredLifetime()
    {
        // PERMANENT_SESSION_LIFETIME stays a month: only the idle timeout can make the store forget the session this soon.
        var client = CreateAppWithTimeouts(idle: ShortIdle).TestClient();
        await client.GetAsync("/set/user/alice");
        var sid = client.GetCookie("session")!;

        await LetTimePassAsync(ShortIdle + TimeSpan.FromSeconds(1), ShortIdle + TimeSpan.FromSeconds(1.5));

        (await StoredAsync(sid)).ShouldBeNull();
    }

    [Test]
    public async Task Save_AbsoluteTimeout_BoundsTheStoredLifetime()
    {
        var client = CreateAppWithTimeouts(absolute: ShortIdle).TestClient();
        await client.GetAsync("/set/user/alice");
        var sid = client.GetCookie("session")!;

        await LetTimePassAsync(ShortIdle + TimeSpan.FromSeconds(1), ShortIdle + TimeSpan.FromSeconds(1.5));

        (await StoredAsync(sid)).ShouldBeNull();
    }

    [Test]
    public async Task Save_LastKeyRemovedWithTimeouts_DeletesTheEntryThatHeldOnlyStamps()
    {
        var client = CreateAppWithTimeouts(idle: TimeSpan.FromMinutes(30), absolute: TimeSpan.FromHours(2)).TestClient();
        await client.GetAsync("/set/user/alice");
        var sid = client.GetCookie("session")!;

        await client.GetAsync("/remove/user");

        (await StoredAsync(sid)).ShouldBeNull();
    }

    /// <summary>A timeout short enough to wait for where the server keeps time; an hour on the fake clock.</summary>
    private TimeSpan ShortIdle => ServerKeepsTime ? TimeSpan.FromSeconds(2) : TimeSpan.FromHours(1);

    private static SessionChanges Changes(bool cleared = false, (string Key, string Value)[]? set = null, string[]? removed = null, (string Key, long Delta)[]? increments = null) =>
        new(cleared, (set ?? []).ToDictionary(p => p.Key, p => p.Value), removed ?? [], (increments ?? []).ToDictionary(p => p.Key, p => p.Delta));
}
