using MicroFlask.Sessions.ServerSide;
using Microsoft.Extensions.Logging;

namespace MicroFlask.Sessions.Tests.ServerSide;

public class UseSessionStoreTests
{
    [Test]
    public void UseSessionStore_Memory_InstallsTheMemoryInterface()
    {
        var app = NewApp(("SESSION_TYPE", "memory"));

        app.UseSessionStore();

        app.SessionInterface.ShouldBeOfType<MemorySessionInterface>();
    }

    [TestCase(null, MemorySessionStore.DefaultMaxEntries)]
    [TestCase(7L, 7)]
    public void UseSessionStore_Memory_BoundsItsEntries(long? maxEntries, int expected)
    {
        var app = NewApp(("SESSION_TYPE", "memory"), ("SESSION_MEMORY_MAX_ENTRIES", maxEntries));

        app.UseSessionStore();

        ((MemorySessionStore)((ServerSideSessionInterface)app.SessionInterface).Store).MaxEntries.ShouldBe(expected);
    }

    [Test]
    public void UseSessionStore_MemoryMaxEntriesZero_ThrowsNamingTheKey()
    {
        var app = NewApp(("SESSION_TYPE", "memory"), ("SESSION_MEMORY_MAX_ENTRIES", 0L));

        Should.Throw<InvalidOperationException>(() => app.UseSessionStore()).Message.ShouldContain("SESSION_MEMORY_MAX_ENTRIES is 0");
    }

    [Test]
    public async Task UseSessionStore_FileSystem_UsesSessionFileDir()
    {
        var directory = Path.Combine(Path.GetTempPath(), "microflask-use-" + Guid.NewGuid().ToString("N"));
        var app = NewApp(("SESSION_TYPE", "filesystem"), ("SESSION_FILE_DIR", directory), ("SESSION_FILE_THRESHOLD", 7L));
        try
        {
            app.UseSessionStore();

            var store = (FileSystemSessionStore)((ServerSideSessionInterface)app.SessionInterface).Store;
            (store.Directory, store.Threshold).ShouldBe((directory, 7));
        }
        finally
        {
            // Disposing the app finishes its start-up check, whose probe file would otherwise race the delete.
            await app.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task DisposeAsync_StartUpCheckStillRunning_StopsItBeforeClosingTheStore()
    {
        var store = new SlowPingStore();
        SessionStoreRegistry.Register("slow-ping-tests", _ => new ServerSideSessionInterface(store));
        var app = NewApp(("SESSION_TYPE", "slow-ping-tests"));
        app.UseSessionStore();
        await store.PingStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await app.DisposeAsync();

        (store.PingEnded, store.PingEndedBeforeDispose).ShouldBe((true, true));
    }

    [TestCase(null, 0b110_000_000)]
    [TestCase(384L, 0b110_000_000)]
    [TestCase(416L, 0b110_100_000)]
    [TestCase("0640", 0b110_100_000)]
    [TestCase("0o644", 0b110_100_100)]
    public async Task UseSessionStore_FileMode_SetsTheFilePermissions(object? mode, int expected)
    {
        var directory = Path.Combine(Path.GetTempPath(), "microflask-mode-" + Guid.NewGuid().ToString("N"));
        var app = NewApp(("SESSION_TYPE", "filesystem"), ("SESSION_FILE_DIR", directory), ("SESSION_FILE_MODE", mode));
        try
        {
            app.UseSessionStore();

            ((FileSystemSessionStore)((ServerSideSessionInterface)app.SessionInterface).Store).FilePermissions.ShouldBe((UnixFileMode)expected);
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCase(600L)]
    [TestCase("rw-------")]
    [TestCase(128L)]
    public void UseSessionStore_BadFileMode_ThrowsNamingTheKey(object mode)
    {
        var app = NewApp(("SESSION_TYPE", "filesystem"), ("SESSION_FILE_DIR", Path.GetTempPath()), ("SESSION_FILE_MODE", mode));

        Should.Throw<InvalidOperationException>(app.UseSessionStore).Message.ShouldStartWith("SESSION_FILE_MODE is");
    }

    [Test]
    public void UseSessionStore_Null_InstallsNoSessions()
    {
        var app = NewApp(("SESSION_TYPE", "null"));

        app.UseSessionStore();

        app.SessionInterface.ShouldBeOfType<NullSessionInterface>();
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public void UseSessionStore_TypeUnset_ThrowsNamingTheChoices(string? type)
    {
        var app = NewApp(("SESSION_TYPE", type));

        var message = Should.Throw<InvalidOperationException>(app.UseSessionStore).Message;

        message.ShouldSatisfyAllConditions(
            m => m.ShouldContain("SESSION_TYPE"),
            m => m.ShouldContain("\"redis\""),
            m => m.ShouldContain("\"dynamodb\""),
            m => m.ShouldContain("\"distributedcache\""));
    }

    [Test]
    public void UseSessionStore_ReadsTheSharedOptions()
    {
        var app = NewApp(("SESSION_TYPE", "memory"), ("SESSION_KEY_PREFIX", "app1:"), ("SESSION_USE_SIGNER", true), ("SESSION_PERMANENT", false), ("SESSION_ID_LENGTH", 40L));

        app.UseSessionStore();

        ((ServerSideSessionInterface)app.SessionInterface).Options.ShouldBe(new ServerSideSessionOptions
        {
            KeyPrefix = "app1:", UseSigner = true, Permanent = false, IdLength = 40,
        });
    }

    [Test]
    public void UseSessionStore_UnknownType_ThrowsNamingSessionType()
    {
        var app = NewApp(("SESSION_TYPE", "cassandra"));

        Should.Throw<InvalidOperationException>(app.UseSessionStore).Message.ShouldContain("SESSION_TYPE \"cassandra\"");
    }

    [Test]
    public void UseSessionStore_KnownTypeWithoutItsPackage_ThrowsNamingThePackage()
    {
        // A package no test project references, so the test holds whichever stores this project references.
        SessionStoreRegistry.RegisterPackage("unreferenced-tests", "MicroFlask.Sessions.NotReferenced");
        var app = NewApp(("SESSION_TYPE", "unreferenced-tests"));

        Should.Throw<InvalidOperationException>(app.UseSessionStore).Message.ShouldContain("needs the MicroFlask.Sessions.NotReferenced package");
    }

    [Test]
    public void UseSessionStore_SignerWithoutSecretKey_ThrowsNamingSecretKey()
    {
        var app = NewApp(("SESSION_TYPE", "memory"), ("SESSION_USE_SIGNER", true));
        app.SecretKey = null;

        Should.Throw<InvalidOperationException>(app.UseSessionStore).Message.ShouldContain("SECRET_KEY");
    }

    [TestCase(0L)]
    [TestCase(-4L)]
    public void UseSessionStore_IdLengthBelowOne_ThrowsNamingTheKey(long length)
    {
        var app = NewApp(("SESSION_TYPE", "memory"), ("SESSION_ID_LENGTH", length));

        Should.Throw<InvalidOperationException>(app.UseSessionStore).Message.ShouldContain("SESSION_ID_LENGTH");
    }

    [Test]
    public async Task UseSessionStore_IdLengthUnder32_MakesIdsOfThatManyBytes()
    {
        var app = NewApp(("SESSION_TYPE", "memory"), ("SESSION_ID_LENGTH", 16L));
        app.UseSessionStore();
        app.Route("/set", () =>
        {
            Session.Current["user"] = "alice";
            return "ok";
        });

        var client = app.TestClient();
        await client.GetAsync("/set");

        // 16 bytes are 22 characters of URL-safe base64, as Flask-Session's token_urlsafe(16).
        client.GetCookie("session")!.ShouldMatch("^[A-Za-z0-9_-]{22}$");
    }

    [Test]
    public void UseSessionStore_IdLengthUnder32_WarnsNamingTheKey()
    {
        var logs = new MicroFlask.TestSupport.ListLoggerProvider();
        var app = NewApp(("SESSION_TYPE", "memory"), ("SESSION_ID_LENGTH", 16L));
        app.LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder.AddProvider(logs));

        app.UseSessionStore();

        logs.Entries.ShouldContain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.StartsWith("SESSION_ID_LENGTH is 16", StringComparison.Ordinal));
    }

    [Test]
    public void UseSessionStore_IdLength32_DoesNotWarn()
    {
        var logs = new MicroFlask.TestSupport.ListLoggerProvider();
        var app = NewApp(("SESSION_TYPE", "memory"), ("SESSION_ID_LENGTH", 32L));
        app.LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder.AddProvider(logs));

        app.UseSessionStore();

        logs.Entries.ShouldNotContain(e => e.Message.Contains("SESSION_ID_LENGTH", StringComparison.Ordinal));
    }

    [Test]
    public void UseSessionStore_RegisteredType_InstallsWhatItsFactoryBuilds()
    {
        var custom = new MemorySessionInterface();
        SessionStoreRegistry.Register("custom-tests", _ => custom);
        var app = NewApp(("SESSION_TYPE", "custom-tests"));

        app.UseSessionStore();

        app.SessionInterface.ShouldBeSameAs(custom);
    }

    [Test]
    public async Task UseSessionStore_FromPrefixedEnvironment_ServesSessions()
    {
        var app = SessionTestApp.Create(new NullSessionInterface());
        app.Config.FromPrefixedEnv(environment: new System.Collections.Hashtable { ["MICROFLASK_SESSION_TYPE"] = "memory" });
        app.UseSessionStore();
        var client = app.TestClient();
        await client.GetAsync("/set/user/alice");

        (await client.GetAsync("/get/user")).Text.ShouldBe("alice");
    }

    private static App NewApp(params (string Key, object? Value)[] config)
    {
        var app = new App("tests") { LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance };
        app.SecretKey = SessionTestApp.SecretKey;
        foreach (var (key, value) in config) app.Config[key] = value;
        return app;
    }

    /// <summary>A store whose ping waits until it is cancelled, as a server that does not answer.</summary>
    private sealed class SlowPingStore : ISessionStore
    {
        private volatile bool _pingEnded;

        public TaskCompletionSource PingStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool PingEnded => _pingEnded;

        public bool PingEndedBeforeDispose { get; private set; }

        public ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken) => new((IReadOnlyDictionary<string, string>?)null);

        public ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DeleteAsync(string id, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async ValueTask PingAsync(CancellationToken cancellationToken)
        {
            PingStarted.TrySetResult();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            finally
            {
                _pingEnded = true;
            }
        }

        public ValueTask DisposeAsync()
        {
            PingEndedBeforeDispose = _pingEnded;
            return ValueTask.CompletedTask;
        }
    }
}
