using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// Sessions as files in one directory (SESSION_FILE_DIR), shared safely by concurrent requests and by several
/// processes. Each session is a file named by the SHA-256 of its id (so no id can point outside the directory). A save
/// takes an exclusive lock file around read-merge-write, so concurrent saves merge, and rewrites the file in place
/// behind a header holding the payload's length and checksum: a reader takes no lock, and one that meets a file
/// mid-write (the checksum does not match) reads it again under the lock. Past <see cref="Threshold"/> files, expired sessions are
/// removed first; live ones only when that is not enough, with a warning: first those never saved again since the
/// request that made them (a flood of anonymous visitors), then those of returning users, least recently written first.
/// With SESSION_CLEANUP_N_REQUESTS, expired files are also swept every N saves (<see cref="SweepExpiredAsync"/>).
/// </summary>
public sealed partial class FileSystemSessionStore : ISessionStore, ISynchronousSessionLoad, ISessionSweeper
{
    private const string SessionExtension = ".session";
    private const int StripeCount = 256;
    private static readonly TimeSpan MaxLockBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan StaleTemporaryFileAge = TimeSpan.FromMinutes(10);
    // Requests of one process queue on a semaphore instead of spinning on the lock file; shared by every store
    // instance on the same directory.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim[]> ProcessLocks = new(StringComparer.Ordinal);
    // One eviction at a time per directory: two at once would each remove the whole excess.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> EvictionGates = new(StringComparer.Ordinal);

    private readonly string _lockDirectory;
    private readonly SemaphoreSlim[] _processLocks;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _evictionGate;
    private readonly UnixFileMode _filePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Stores sessions in <paramref name="directory"/> (created if missing), keeping at most
    /// <paramref name="threshold"/> files (SESSION_FILE_THRESHOLD, 500).
    /// </summary>
    public FileSystemSessionStore(string directory, int threshold = 500, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        Directory = Path.GetFullPath(directory);
        Threshold = threshold;
        _time = timeProvider ?? TimeProvider.System;
        // Lock files are per stripe and never deleted: deleting a lock file while another process waits on it
        // would let two processes hold "the" lock at once.
        _lockDirectory = Path.Combine(Directory, "locks");
        System.IO.Directory.CreateDirectory(_lockDirectory);
        _processLocks = ProcessLocks.GetOrAdd(Directory, static _ => Enumerable.Range(0, StripeCount).Select(_ => new SemaphoreSlim(1, 1)).ToArray());
        _evictionGate = EvictionGates.GetOrAdd(Directory, static _ => new SemaphoreSlim(1, 1));
    }

    /// <summary>Where the warning goes when live sessions have to be evicted (none by default).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>
    /// The permissions of each session file on Unix (SESSION_FILE_MODE, 0600 as in Flask-Session: the app's user reads and
    /// writes, nobody else). Set exactly, whatever the umask, as Flask-Session's <c>chmod</c>; ignored on Windows.
    /// </summary>
    public UnixFileMode FilePermissions
    {
        get => _filePermissions;
        init => _filePermissions = value.HasFlag(UnixFileMode.UserRead) && (int)value is >= 0 and <= 0x1FF
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "SESSION_FILE_MODE must let the app's user read its session files (u+r, e.g. 0600), with no bits beyond 0777.");
    }

    /// <summary>The directory holding the session files.</summary>
    public string Directory { get; }

    /// <summary>The most session files kept before eviction starts.</summary>
    public int Threshold { get; }

    /// <summary>How long a synchronous load waits for the lock of a file being rewritten: SESSION_STORE_TIMEOUT, as the async calls' token.</summary>
    internal TimeSpan SynchronousLockTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var hash = Hash(id);
        var path = PathOf(hash);
        var read = FileSystemSessionFile.Read(path);
        if (read.Torn)
        {
            // A save is rewriting it: its lock is held until the file is whole again.
            using (await LockAsync(hash, cancellationToken)) read = FileSystemSessionFile.Read(path);
        }
        return Live(read.File);
    }

    /// <inheritdoc />
    public async ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var hash = Hash(id);
        bool created;
        using (await LockAsync(hash, cancellationToken))
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0,
            };
            // Session files are credentials: created with no more than SESSION_FILE_MODE allows, never readable by
            // others even for a moment, then set to exactly that mode, which the umask may have narrowed.
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = _filePermissions;
            using var stream = new FileStream(PathOf(hash), options);
            var handle = stream.SafeFileHandle;
            var length = RandomAccess.GetLength(handle);
            // Under the lock nobody is writing, so a file that does not read whole is damaged: no session.
            var current = FileSystemSessionFile.Read(handle, length).File;
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var live = current is not null && current.Expires > now;
            var entries = live && !changes.Cleared ? current!.Entries : new Dictionary<string, string>(StringComparer.Ordinal);
            changes.ApplyTo(entries);
            // A session saved again by a later request belongs to someone who came back: the last to be evicted.
            var file = new FileSystemSessionFile { Expires = (_time.GetUtcNow() + timeToLive).ToUnixTimeMilliseconds(), Returning = live, Entries = entries };
            created = length == 0;
            if (created && !OperatingSystem.IsWindows()) File.SetUnixFileMode(handle, _filePermissions);
            var written = file.Write(handle);
            if (written < length) stream.SetLength(written);
        }
        if (created) await EvictIfOverThresholdAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var hash = Hash(id);
        using (await LockAsync(hash, cancellationToken))
        {
            File.Delete(PathOf(hash));
        }
    }

    /// <summary>No limit: a file is named by the SHA-256 of its id (72 characters with the extension), whatever the id's length.</summary>
    public int MaxKeyBytes => int.MaxValue;

    /// <summary>Writes, reads back and deletes a probe file in <see cref="Directory"/>: the folder exists and is writable.</summary>
    public async ValueTask PingAsync(CancellationToken cancellationToken)
    {
        // Not named *.session, so that eviction and loading never see it.
        var probe = Path.Combine(Directory, ".health-" + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await File.WriteAllBytesAsync(probe, "ok"u8.ToArray(), cancellationToken);
            var read = await File.ReadAllBytesAsync(probe, cancellationToken);
            if (read.Length != 2) throw new IOException($"The probe file {probe} read back {read.Length} bytes instead of 2.");
        }
        finally
        {
            File.Delete(probe);
        }
    }

    /// <summary>Describes the store in logs and errors.</summary>
    public override string ToString() => "filesystem " + Directory;

    private static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private string PathOf(string hash) => Path.Combine(Directory, hash + SessionExtension);

    // Reads and writes are synchronous on purpose: a session file is a few hundred bytes in the page cache, and .NET's
    // async file I/O on Unix is the same system call run on another pool thread, whose hop costs more than the call.
    private IReadOnlyDictionary<string, string>? Live(FileSystemSessionFile? file) =>
        file is not null && file.Expires > Now() ? file.Entries : null;

    /// <summary>Takes this process's stripe semaphore, then the stripe's lock file (exclusive across processes).</summary>
    private async Task<IDisposable> LockAsync(string hash, CancellationToken cancellationToken)
    {
        var semaphore = StripeOf(hash);
        await semaphore.WaitAsync(cancellationToken);
        try
        {
            var delay = TimeSpan.FromMilliseconds(1);
            SafeFileHandle? handle;
            // Held by another process: back off and retry until the operation's timeout cancels the wait.
            while (!TryOpenLockFile(hash, out handle))
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxLockBackoff.Ticks));
            }
            return new Lease(handle, semaphore);
        }
        catch
        {
            semaphore.Release();
            throw;
        }
    }

    /// <summary>
    /// <see cref="LockAsync"/> for the synchronous load, which must block: waits at most <see cref="SynchronousLockTimeout"/>.
    /// </summary>
    private Lease LockSynchronously(string hash)
    {
        var deadline = Environment.TickCount64 + (long)SynchronousLockTimeout.TotalMilliseconds;
        var semaphore = StripeOf(hash);
        if (!semaphore.Wait(SynchronousLockTimeout)) throw LockTimeout(hash);
        try
        {
            var delay = TimeSpan.FromMilliseconds(1);
            SafeFileHandle? handle;
            while (!TryOpenLockFile(hash, out handle))
            {
                if (Environment.TickCount64 >= deadline) throw LockTimeout(hash);
                Thread.Sleep(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxLockBackoff.Ticks));
            }
            return new Lease(handle, semaphore);
        }
        catch
        {
            semaphore.Release();
            throw;
        }
    }

    private SemaphoreSlim StripeOf(string hash) => _processLocks[Convert.ToInt32(hash[..2], 16)];

    private string LockPathOf(string hash) => Path.Combine(_lockDirectory, hash[..2] + ".lock");

    /// <summary>Opens the stripe's lock file exclusively; false while another process holds it.</summary>
    private bool TryOpenLockFile(string hash, [NotNullWhen(true)] out SafeFileHandle? handle)
    {
        try
        {
            handle = File.OpenHandle(LockPathOf(hash), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException e) when (e is not DirectoryNotFoundException and not FileNotFoundException)
        {
            handle = null;
            return false;
        }
    }

    private TimeoutException LockTimeout(string hash) =>
        new($"The lock on session file {hash}{SessionExtension} in {Directory} was held for more than {SynchronousLockTimeout.TotalSeconds:0.#} s: another process is stuck saving it; stop it, or delete {LockPathOf(hash)} if no process uses the folder.");

    private async Task EvictIfOverThresholdAsync(CancellationToken cancellationToken)
    {
        if (new DirectoryInfo(Directory).EnumerateFiles("*" + SessionExtension).Take(Threshold + 1).Count() <= Threshold) return;
        // Another request of this process is evicting already: it takes the excess this save added.
        if (!await _evictionGate.WaitAsync(0, cancellationToken)) return;
        try
        {
            await EvictAsync(cancellationToken);
        }
        finally
        {
            _evictionGate.Release();
        }
    }

    private async Task EvictAsync(CancellationToken cancellationToken)
    {
        var files = new DirectoryInfo(Directory).GetFiles("*" + SessionExtension);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();

        // Every expired session goes, not just the excess: the directory is read whole anyway.
        var live = new List<(FileInfo Info, bool Returning)>(files.Length);
        foreach (var info in files)
        {
            // Null when deleted meanwhile, or being written (so alive).
            var file = FileSystemSessionFile.Read(info.FullName).File;
            if (file is null) continue;
            if (file.Expires <= now) await DeleteAsync(info, cancellationToken);
            else live.Add((info, file.Returning));
        }

        var excess = live.Count - Threshold;
        if (excess > 0)
        {
            var evicted = live.OrderBy(f => f.Returning).ThenBy(f => f.Info.LastWriteTimeUtc).Take(excess).ToList();
            foreach (var (info, _) in evicted) await DeleteAsync(info, cancellationToken);
            ServerSideSessionLog.LiveSessionsEvicted(Logger, ToString(), Threshold, evicted.Count, evicted.Count(f => f.Returning));
        }

        // Earlier versions wrote a temporary file and renamed it; one that died in between left it behind.
        foreach (var stale in new DirectoryInfo(Directory).GetFiles("*.tmp"))
        {
            if (stale.LastWriteTimeUtc < DateTime.UtcNow - StaleTemporaryFileAge) stale.Delete();
        }
    }

    /// <summary>Deletes every expired session file now (each checked again under its lock); returns how many went.</summary>
    public async ValueTask<long> SweepExpiredAsync(CancellationToken cancellationToken)
    {
        long swept = 0;
        foreach (var info in new DirectoryInfo(Directory).EnumerateFiles("*" + SessionExtension))
        {
            if (FileSystemSessionFile.Read(info.FullName).File is not { } file || file.Expires > Now()) continue;
            using (await LockAsync(Path.GetFileNameWithoutExtension(info.Name), cancellationToken))
            {
                // A save may have renewed it since it was read.
                if (FileSystemSessionFile.Read(info.FullName).File is not { } current || current.Expires > Now()) continue;
                File.Delete(info.FullName);
                swept++;
            }
        }
        return swept;
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Holds no open file between requests: nothing to release (the session files stay).</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task DeleteAsync(FileInfo info, CancellationToken cancellationToken)
    {
        using (await LockAsync(Path.GetFileNameWithoutExtension(info.Name), cancellationToken)) File.Delete(info.FullName);
    }

    private sealed class Lease(SafeFileHandle lockFile, SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose()
        {
            lockFile.Dispose();
            semaphore.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>Synchronous file I/O, lock-free as <see cref="LoadAsync"/> unless the file is being rewritten.</remarks>
    IReadOnlyDictionary<string, string>? ISynchronousSessionLoad.Load(string id)
    {
        var hash = Hash(id);
        var path = PathOf(hash);
        var read = FileSystemSessionFile.Read(path);
        if (read.Torn)
        {
            using (LockSynchronously(hash)) read = FileSystemSessionFile.Read(path);
        }
        return Live(read.File);
    }
}
