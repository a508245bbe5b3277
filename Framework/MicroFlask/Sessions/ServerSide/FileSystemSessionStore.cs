using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// Sessions as files in one directory (SESSION_FILE_DIR), shared safely by concurrent requests and by several
/// processes. Each session is a file named by the SHA-256 of its id (so no id can point outside the directory),
/// replaced atomically (written to a temporary file, then renamed over it). A save takes an exclusive lock file
/// around read-merge-write, so concurrent saves merge. Past <see cref="Threshold"/> files, expired sessions are
/// removed first; live ones only when that is not enough, with a warning: first those never saved again since the
/// request that made them (a flood of anonymous visitors), then those of returning users, least recently written first.
/// With SESSION_CLEANUP_N_REQUESTS, expired files are also swept every N saves (<see cref="SweepExpiredAsync"/>).
/// </summary>
public sealed partial class FileSystemSessionStore : ISessionStore, ISynchronousSessionLoad, ISessionSweeper
{
    private const string SessionExtension = ".session";
    private const int StripeCount = 256;
    // Far above any session; a file this large was not written by this store.
    private const long MaxFileBytes = 1L << 30;
    private static readonly TimeSpan MaxLockBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan StaleTemporaryFileAge = TimeSpan.FromMinutes(10);
    // Requests of one process queue on a semaphore instead of spinning on the lock file; shared by every store
    // instance on the same directory.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim[]> ProcessLocks = new(StringComparer.Ordinal);
    // One eviction at a time per directory: two at once would each remove the whole excess.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> EvictionGates = new(StringComparer.Ordinal);
    // One file replacement at a time per directory in this process: creating and renaming take the directory's own
    // kernel lock, on which concurrent threads would spin instead of waiting.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> ReplaceGates = new(StringComparer.Ordinal);

    private readonly string _lockDirectory;
    private readonly SemaphoreSlim[] _processLocks;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _evictionGate;
    private readonly UnixFileMode _filePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly SemaphoreSlim _replaceGate;

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
        _replaceGate = ReplaceGates.GetOrAdd(Directory, static _ => new SemaphoreSlim(1, 1));
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

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // No lock: files are only ever replaced whole by a rename, so a reader sees the old or the new version.
        var file = Read(PathOf(Hash(id)));
        return ValueTask.FromResult<IReadOnlyDictionary<string, string>?>(
            file is not null && file.Expires > _time.GetUtcNow().ToUnixTimeMilliseconds() ? file.Entries : null);
    }

    /// <inheritdoc />
    public async ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var hash = Hash(id);
        var path = PathOf(hash);
        bool created;
        using (await LockAsync(hash, cancellationToken))
        {
            var current = Read(path);
            created = current is null;
            var now = _time.GetUtcNow();
            var entries = current is not null && current.Expires > now.ToUnixTimeMilliseconds() && !changes.Cleared
                ? current.Entries
                : new Dictionary<string, string>(StringComparer.Ordinal);
            changes.ApplyTo(entries);
            // A session saved again by a later request belongs to someone who came back: the last to be evicted.
            var returning = current is not null && current.Expires > now.ToUnixTimeMilliseconds();
            var file = new SessionFile { Expires = (now + timeToLive).ToUnixTimeMilliseconds(), Returning = returning, Entries = entries };
            await _replaceGate.WaitAsync(cancellationToken);
            try
            {
                Write(path, file);
            }
            finally
            {
                _replaceGate.Release();
            }
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
    private static SessionFile? Read(string path)
    {
        try
        {
            // Read whole with no stream buffer, then parsed from memory, which costs a fraction of the streaming
            // deserializer.
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            if (length > MaxFileBytes) return null;
            var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(1, length));
            try
            {
                var read = 0;
                while (read < length)
                {
                    var count = RandomAccess.Read(handle, buffer.AsSpan(read, (int)length - read), read);
                    if (count == 0) break;
                    read += count;
                }
                var file = JsonSerializer.Deserialize(buffer.AsSpan(0, read), SessionFileJson.Default.SessionFile);
                return file?.Entries is null ? null : file;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (JsonException)
        {
            // Not written by this store (renames never leave a torn file): treated as no session.
            return null;
        }
    }

    private void Write(string path, SessionFile file)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(file, SessionFileJson.Default.SessionFile);
        // BufferSize 0: the bytes are serialized first and written in one call, no stream buffer for a small file.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        // Session files are credentials: created with no more than SESSION_FILE_MODE allows, never readable by others
        // even for a moment, then set to exactly that mode, which the umask may have narrowed.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = _filePermissions;
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(stream.SafeFileHandle, _filePermissions);
                stream.Write(bytes);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Takes this process's stripe semaphore, then the stripe's lock file (exclusive across processes).</summary>
    private async Task<IDisposable> LockAsync(string hash, CancellationToken cancellationToken)
    {
        var stripe = Convert.ToInt32(hash[..2], 16);
        var semaphore = _processLocks[stripe];
        await semaphore.WaitAsync(cancellationToken);
        try
        {
            var lockPath = Path.Combine(_lockDirectory, hash[..2] + ".lock");
            var delay = TimeSpan.FromMilliseconds(1);
            while (true)
            {
                try
                {
                    return new Lease(File.OpenHandle(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), semaphore);
                }
                catch (IOException e) when (e is not DirectoryNotFoundException and not FileNotFoundException)
                {
                    // Held by another process: back off and retry until the operation's timeout cancels the wait.
                    await Task.Delay(delay, cancellationToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxLockBackoff.Ticks));
                }
            }
        }
        catch
        {
            semaphore.Release();
            throw;
        }
    }

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
            var file = Read(info.FullName);
            if (file is null) continue; // deleted meanwhile
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

        // A process that died between writing and renaming leaves its temporary file behind.
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
            if (Read(info.FullName) is not { } file || file.Expires > Now()) continue;
            using (await LockAsync(Path.GetFileNameWithoutExtension(info.Name), cancellationToken))
            {
                // A save may have renewed it since it was read.
                if (Read(info.FullName) is not { } current || current.Expires > Now()) continue;
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

    private sealed class SessionFile
    {
        /// <summary>Unix milliseconds after which the session is gone.</summary>
        public long Expires { get; set; }

        /// <summary>Whether a request after the one that made it saved it again.</summary>
        public bool Returning { get; set; }

        public Dictionary<string, string> Entries { get; set; } = new(StringComparer.Ordinal);
    }

    // Source-generated: no reflection, and no serializer code generated at run time.
    [JsonSerializable(typeof(SessionFile))]
    private sealed partial class SessionFileJson : JsonSerializerContext;

    private sealed class Lease(SafeFileHandle lockFile, SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose()
        {
            lockFile.Dispose();
            semaphore.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>Synchronous file I/O, lock-free as <see cref="LoadAsync"/>: a file is only ever replaced whole by a rename.</remarks>
    IReadOnlyDictionary<string, string>? ISynchronousSessionLoad.Load(string id)
    {
        var file = Read(PathOf(Hash(id)));
        return file is not null && file.Expires > _time.GetUtcNow().ToUnixTimeMilliseconds() ? file.Entries : null;
    }
}
