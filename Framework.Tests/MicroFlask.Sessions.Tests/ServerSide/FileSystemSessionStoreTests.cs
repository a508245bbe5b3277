using System.Security.Cryptography;
using System.Text;
using MicroFlask.Sessions.ServerSide;
using Microsoft.Extensions.Logging;

namespace MicroFlask.Sessions.Tests.ServerSide;

public class FileSystemSessionStoreTests : UnreachableStoreContract
{
    private readonly List<string> _directories = new();

    protected override Task<ISessionStore> CreateStoreAsync(TimeProvider clock) =>
        Task.FromResult<ISessionStore>(new FileSystemSessionStore(NewDirectory(), timeProvider: clock));

    protected override Task<ISessionStore> CreateUnreachableStoreAsync(TimeProvider clock)
    {
        // A directory that turns into a plain file after start-up: every open fails, as on a lost mount.
        var directory = NewDirectory();
        var store = new FileSystemSessionStore(directory, timeProvider: clock);
        Directory.Delete(directory, recursive: true);
        File.WriteAllText(directory, "not a directory");
        return Task.FromResult<ISessionStore>(store);
    }

    [TearDown]
    public void DeleteDirectories()
    {
        foreach (var directory in _directories)
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            else if (File.Exists(directory)) File.Delete(directory);
        }
        _directories.Clear();
    }

    [Test]
    public async Task Apply_FileName_IsTheHashOfTheId()
    {
        var store = (FileSystemSessionStore)Store;

        await store.ApplyAsync("session:../../x", Changes(("a", "1")), TimeSpan.FromHours(1), CancellationToken.None);

        File.Exists(Path.Combine(store.Directory, HashOf("session:../../x") + ".session")).ShouldBeTrue();
    }

    [Test]
    [Platform(Exclude = "Win")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Apply_ByDefault_MakesFilesOnlyTheAppsUserCanRead()
    {
        var store = (FileSystemSessionStore)Store;

        await store.ApplyAsync("session:mode", Changes(("a", "1")), TimeSpan.FromHours(1), CancellationToken.None);

        File.GetUnixFileMode(Path.Combine(store.Directory, HashOf("session:mode") + ".session")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Test]
    [Platform(Exclude = "Win")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Apply_FilePermissions_SetsThatModeWhateverTheUmask()
    {
        // 0664: group- and other-readable bits a usual umask (022) would strip from a newly created file.
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead;
        var store = new FileSystemSessionStore(NewDirectory()) { FilePermissions = mode };

        await store.ApplyAsync("session:mode", Changes(("a", "1")), TimeSpan.FromHours(1), CancellationToken.None);

        File.GetUnixFileMode(Path.Combine(store.Directory, HashOf("session:mode") + ".session")).ShouldBe(mode);
    }

    [Test]
    public void FilePermissions_WithoutUserRead_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new FileSystemSessionStore(NewDirectory()) { FilePermissions = UnixFileMode.UserWrite })
            .Message.ShouldContain("SESSION_FILE_MODE");
    }

    [Test]
    public async Task Apply_LeavesNoTemporaryFile()
    {
        var store = (FileSystemSessionStore)Store;

        await store.ApplyAsync("s1", Changes(("a", "1")), TimeSpan.FromHours(1), CancellationToken.None);

        Directory.GetFiles(store.Directory, "*.tmp").ShouldBeEmpty();
    }

    [Test]
    public async Task Apply_OverThreshold_EvictsExpiredSessionsFirst()
    {
        var store = new FileSystemSessionStore(NewDirectory(), threshold: 2, timeProvider: Clock);
        await store.ApplyAsync("old-but-expiring", Changes(("a", "1")), TimeSpan.FromMinutes(1), CancellationToken.None);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await store.ApplyAsync("oldest-live", Changes(("a", "1")), TimeSpan.FromDays(1), CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(2));

        await store.ApplyAsync("new", Changes(("a", "1")), TimeSpan.FromDays(1), CancellationToken.None);

        (await store.LoadAsync("oldest-live", CancellationToken.None)).ShouldNotBeNull();
        Directory.GetFiles(store.Directory, "*.session").Length.ShouldBe(2);
    }

    [Test]
    public async Task Apply_OverThreshold_EvictsTheLeastRecentlyWritten()
    {
        var store = new FileSystemSessionStore(NewDirectory(), threshold: 2, timeProvider: Clock);
        await store.ApplyAsync("first", Changes(("a", "1")), TimeSpan.FromDays(1), CancellationToken.None);
        File.SetLastWriteTimeUtc(Path.Combine(store.Directory, HashOf("first") + ".session"), DateTime.UtcNow.AddHours(-1));
        await store.ApplyAsync("second", Changes(("a", "1")), TimeSpan.FromDays(1), CancellationToken.None);

        await store.ApplyAsync("third", Changes(("a", "1")), TimeSpan.FromDays(1), CancellationToken.None);

        (await store.LoadAsync("first", CancellationToken.None)).ShouldBeNull();
    }

    [Test]
    public async Task Apply_AFloodOfNewSessions_KeepsTheSessionsOfReturningUsers()
    {
        var store = new FileSystemSessionStore(NewDirectory(), threshold: 5, timeProvider: Clock);
        await store.ApplyAsync("alice", Changes(("user", "alice")), TimeSpan.FromDays(1), CancellationToken.None);
        await store.ApplyAsync("alice", SessionChanges.None, TimeSpan.FromDays(1), CancellationToken.None);

        for (var i = 0; i < 20; i++) await store.ApplyAsync("anonymous" + i, Changes(("a", "1")), TimeSpan.FromDays(1), CancellationToken.None);

        (await store.LoadAsync("alice", CancellationToken.None)).ShouldNotBeNull();
    }

    [Test]
    public async Task Apply_OverThresholdWithNothingExpired_LogsAWarningNamingTheSetting()
    {
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var store = new FileSystemSessionStore(NewDirectory(), threshold: 2, timeProvider: Clock) { Logger = factory.CreateLogger("sessions") };
        await store.ApplyAsync("first", Changes(("a", "1")), TimeSpan.FromDays(1), CancellationToken.None);
        await store.ApplyAsync("second", Changes(("a", "1")), TimeSpan.FromDays(1), CancellationToken.None);

        await store.ApplyAsync("third", Changes(("a", "1")), TimeSpan.FromDays(1), CancellationToken.None);

        logs.Entries.ShouldContain(e => e.Level == LogLevel.Warning
            && e.Message.Contains("evicted 1 live sessions", StringComparison.Ordinal) && e.Message.Contains("SESSION_FILE_THRESHOLD", StringComparison.Ordinal));
    }

    [Test]
    public async Task Apply_OverThresholdWithExpiredSessions_EvictsNoLiveOneAndLogsNothing()
    {
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var store = new FileSystemSessionStore(NewDirectory(), threshold: 2, timeProvider: Clock) { Logger = factory.CreateLogger("sessions") };
        await store.ApplyAsync("expiring", Changes(("a", "1")), TimeSpan.FromMinutes(1), CancellationToken.None);
        await store.ApplyAsync("live", Changes(("a", "1")), TimeSpan.FromDays(1), CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(2));

        await store.ApplyAsync("new", Changes(("a", "1")), TimeSpan.FromDays(1), CancellationToken.None);

        logs.Entries.ShouldBeEmpty();
    }

    [Test]
    public async Task Save_FiftyAnonymousVisitors_DoNotLogOutAUserWhoCameBack()
    {
        var app = SessionTestApp.Create(new FileSystemSessionInterface(NewDirectory(), threshold: 10, timeProvider: Clock), Clock);
        var alice = app.TestClient();
        await alice.GetAsync("/login/alice");
        await alice.GetAsync("/get/user");

        for (var i = 0; i < 50; i++) await app.TestClient().GetAsync("/set/visited/yes");

        (await alice.GetAsync("/get/user")).Text.ShouldBe("alice");
    }

    [Test]
    public async Task Apply_WhileAnotherProcessHoldsTheLock_WaitsForIt()
    {
        var store = (FileSystemSessionStore)Store;
        var lockPath = Path.Combine(store.Directory, "locks", HashOf("s1")[..2] + ".lock");
        // A lock file held by another open handle is exactly what another process holding it looks like.
        var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var apply = store.ApplyAsync("s1", Changes(("a", "1")), TimeSpan.FromHours(1), CancellationToken.None).AsTask();
        await Task.Delay(200);
        var finishedWhileHeld = apply.IsCompleted;
        await held.DisposeAsync();
        await apply;

        finishedWhileHeld.ShouldBeFalse();
    }

    [Test]
    public async Task Apply_TwoStoreInstancesOnOneDirectory_MergeEachOthersKeys()
    {
        var directory = NewDirectory();
        var one = new FileSystemSessionStore(directory, timeProvider: Clock);
        var two = new FileSystemSessionStore(directory, timeProvider: Clock);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            await (i % 2 == 0 ? one : two).ApplyAsync("shared", Changes(($"k{i}", "v")), TimeSpan.FromHours(1), CancellationToken.None))));

        (await one.LoadAsync("shared", CancellationToken.None))!.Count.ShouldBe(40);
    }

    [Test]
    public async Task Apply_TwoProcessesOnOneDirectory_MergeEachOthersKeys()
    {
        var directory = NewDirectory();
        // The child measures expiry by the real clock: the parent's entries must not look expired to it.
        var store = new FileSystemSessionStore(directory);
        await using var child = await ChildProcess.StartApplyingAsync(directory, "shared", "child", 200);

        for (var i = 0; i < 200; i++)
            await store.ApplyAsync("shared", Changes(($"parent{i}", "v")), TimeSpan.FromHours(1), CancellationToken.None);
        var result = await child.WaitForExitAsync(TimeSpan.FromMinutes(1));

        result.ExitCode.ShouldBe(0, result.Output);
        (await store.LoadAsync("shared", CancellationToken.None))!.Count.ShouldBe(400);
    }

    [Test]
    public async Task Load_AFileOfAnEarlierVersion_JsonAlone_LoadsAndTakesTheNextSave()
    {
        var store = (FileSystemSessionStore)Store;
        var expires = Clock.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds();
        File.WriteAllText(PathOf(store, "old"), "{\"Expires\":" + expires + ",\"Returning\":false,\"Entries\":{\"user\":\"alice\"}}");

        var loaded = await store.LoadAsync("old", CancellationToken.None);
        await store.ApplyAsync("old", Changes(("theme", "dark")), TimeSpan.FromHours(1), CancellationToken.None);

        loaded.ShouldNotBeNull()["user"].ShouldBe("alice");
        var merged = (await store.LoadAsync("old", CancellationToken.None)).ShouldNotBeNull();
        merged["user"].ShouldBe("alice");
        merged["theme"].ShouldBe("dark");
    }

    [Test]
    public async Task Load_ADamagedFile_IsNoSession_AndTheNextSaveStartsAfresh()
    {
        var store = (FileSystemSessionStore)Store;
        await store.ApplyAsync("damaged", Changes(("user", "alice")), TimeSpan.FromHours(1), CancellationToken.None);
        var path = PathOf(store, "damaged");
        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x20; // the checksum no longer matches: as a save cut off by a power loss leaves it
        File.WriteAllBytes(path, bytes);

        var asynchronous = await store.LoadAsync("damaged", CancellationToken.None);
        var synchronous = ((ISynchronousSessionLoad)store).Load("damaged");
        await store.ApplyAsync("damaged", Changes(("theme", "dark")), TimeSpan.FromHours(1), CancellationToken.None);

        asynchronous.ShouldBeNull();
        synchronous.ShouldBeNull();
        (await store.LoadAsync("damaged", CancellationToken.None)).ShouldNotBeNull().Keys.ShouldBe(["theme"]);
    }

    [Test]
    public async Task Apply_ASmallerSession_CutsTheFileToIt()
    {
        var store = (FileSystemSessionStore)Store;
        await store.ApplyAsync("shrinks", Changes(("big", new string('x', 5000))), TimeSpan.FromHours(1), CancellationToken.None);
        var before = new FileInfo(PathOf(store, "shrinks")).Length;

        await store.ApplyAsync("shrinks", new SessionChanges(true, new Dictionary<string, string> { ["small"] = "y" }, []), TimeSpan.FromHours(1), CancellationToken.None);

        new FileInfo(PathOf(store, "shrinks")).Length.ShouldBeLessThan(before - 4900);
        (await store.LoadAsync("shrinks", CancellationToken.None)).ShouldNotBeNull().Keys.ShouldBe(["small"]);
    }

    [Test]
    public async Task Load_WhileSavesRewriteTheFile_NeverSeesAHalfWrittenSession()
    {
        var store = new FileSystemSessionStore(NewDirectory());
        var small = "s";
        var large = new string('L', 9000); // more than two pages: a rewrite is not one copy
        await store.ApplyAsync("busy", Changes(("v", small)), TimeSpan.FromHours(1), CancellationToken.None);
        var writing = true;
        var loads = 0;
        var wrong = new List<string>();

        async Task ReadAsync(bool synchronous)
        {
            while (Volatile.Read(ref writing))
            {
                var entries = synchronous ? ((ISynchronousSessionLoad)store).Load("busy") : await store.LoadAsync("busy", CancellationToken.None);
                Interlocked.Increment(ref loads);
                var value = entries?.GetValueOrDefault("v");
                if (value != small && value != large) lock (wrong) wrong.Add(value is null ? "no session" : $"{value.Length} characters");
            }
        }

        var readers = new[] { Task.Run(() => ReadAsync(false)), Task.Run(() => ReadAsync(true)) };
        for (var i = 0; i < 3000; i++)
            await store.ApplyAsync("busy", Changes(("v", i % 2 == 0 ? large : small)), TimeSpan.FromHours(1), CancellationToken.None);
        Volatile.Write(ref writing, false);
        await Task.WhenAll(readers);

        loads.ShouldBeGreaterThan(100);
        wrong.Take(5).ShouldBeEmpty();
    }

    [Test]
    public async Task Load_AFileMidRewrite_WaitsForTheSaverToFinish()
    {
        var store = (FileSystemSessionStore)Store;
        await store.ApplyAsync("rewritten", Changes(("user", "alice")), TimeSpan.FromHours(1), CancellationToken.None);
        var path = PathOf(store, "rewritten");
        var whole = File.ReadAllBytes(path);
        // Another process saving it: holds the stripe's lock file, and has written the first half of the new version.
        var held = new FileStream(LockPathOf(store, "rewritten"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var torn = (byte[])whole.Clone();
        Array.Fill(torn, (byte)'?', whole.Length / 2, whole.Length - whole.Length / 2);
        File.WriteAllBytes(path, torn);

        var load = store.LoadAsync("rewritten", CancellationToken.None).AsTask();
        await Task.Delay(200);
        var finishedWhileHeld = load.IsCompleted;
        File.WriteAllBytes(path, whole);
        await held.DisposeAsync();

        finishedWhileHeld.ShouldBeFalse();
        (await load).ShouldNotBeNull()["user"].ShouldBe("alice");
    }

    [Test]
    public async Task SynchronousLoad_AFileMidRewriteWhoseSaverIsStuck_ThrowsATimeoutNamingTheLockFile()
    {
        var store = new FileSystemSessionStore(NewDirectory()) { SynchronousLockTimeout = TimeSpan.FromMilliseconds(300) };
        await store.ApplyAsync("stuck", Changes(("user", "alice")), TimeSpan.FromHours(1), CancellationToken.None);
        await using var held = new FileStream(LockPathOf(store, "stuck"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var bytes = File.ReadAllBytes(PathOf(store, "stuck"));
        bytes[^2] = (byte)'?';
        File.WriteAllBytes(PathOf(store, "stuck"), bytes);

        var error = Should.Throw<TimeoutException>(() => ((ISynchronousSessionLoad)store).Load("stuck"));

        error.Message.ShouldContain("was held for more than 0.3 s");
        error.Message.ShouldContain(HashOf("stuck")[..2] + ".lock");
    }

    private static string PathOf(FileSystemSessionStore store, string id) => Path.Combine(store.Directory, HashOf(id) + ".session");

    private static string LockPathOf(FileSystemSessionStore store, string id) => Path.Combine(store.Directory, "locks", HashOf(id)[..2] + ".lock");

    [Test]
    public async Task Open_DirectoryGoneThenBack_Answers503ThenServesTheEarlierSession()
    {
        var store = (FileSystemSessionStore)Store;
        var client = CreateApp().TestClient();
        await client.GetAsync("/set/user/alice");
        var aside = store.Directory + "-aside";
        _directories.Add(aside);

        Directory.Move(store.Directory, aside);
        File.WriteAllText(store.Directory, "lost mount");
        var during = await client.GetAsync("/get/user");
        File.Delete(store.Directory);
        Directory.Move(aside, store.Directory);

        during.StatusCode.ShouldBe(503);
        (await client.GetAsync("/get/user")).Text.ShouldBe("alice");
    }

    private string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "microflask-sessions-" + Guid.NewGuid().ToString("N"));
        _directories.Add(directory);
        return directory;
    }

    private static string HashOf(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static SessionChanges Changes(params (string Key, string Value)[] set) =>
        new(false, set.ToDictionary(p => p.Key, p => p.Value), Array.Empty<string>());
}
