using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Win32.SafeHandles;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// One session file of <see cref="FileSystemSessionStore"/>, and its format: a 16-byte header (the magic "MFS", a
/// version byte, the payload's length and the first 8 bytes of its SHA-256), then the payload, the session as JSON.
/// A save rewrites the file in place, so a reader without the lock can meet it half-written: the checksum tells.
/// A file that is JSON alone was written by an earlier version (by a rename, so always whole) and still reads.
/// </summary>
internal sealed partial class FileSystemSessionFile
{
    private const int HeaderBytes = 16;
    // Far above any session; a file this large was not written by this store.
    private const long MaxFileBytes = 1L << 30;
    private static ReadOnlySpan<byte> Magic => "MFS\u0001"u8;

    /// <summary>Unix milliseconds after which the session is gone.</summary>
    public long Expires { get; set; }

    /// <summary>Whether a request after the one that made it saved it again.</summary>
    public bool Returning { get; set; }

    /// <summary>The session's entries, as the store keeps them.</summary>
    public Dictionary<string, string> Entries { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads the file at <paramref name="path"/> without a lock: null when there is none; <c>Torn</c> when it does not
    /// read whole (a save is rewriting it, or it is damaged: reading again under the lock tells which).
    /// </summary>
    internal static (FileSystemSessionFile? File, bool Torn) Read(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return Read(handle, RandomAccess.GetLength(handle));
        }
        catch (FileNotFoundException)
        {
            return (null, false);
        }
    }

    /// <summary>Reads an open file of <paramref name="length"/> bytes; see <see cref="Read(string)"/>.</summary>
    internal static (FileSystemSessionFile? File, bool Torn) Read(SafeFileHandle handle, long length)
    {
        // Empty: created by a save that has not written yet.
        if (length == 0) return (null, true);
        if (length > MaxFileBytes) return (null, false);
        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var read = 0;
            while (read < length)
            {
                var count = RandomAccess.Read(handle, buffer.AsSpan(read, (int)length - read), read);
                if (count == 0) break;
                read += count;
            }
            var file = Parse(buffer.AsSpan(0, read));
            return (file, file is null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes this session over the file from its first byte; returns the bytes written (the caller cuts off the rest).</summary>
    internal int Write(SafeFileHandle handle)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(this, Json.Default.FileSystemSessionFile);
        var length = HeaderBytes + payload.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var bytes = buffer.AsSpan(0, length);
            Magic.CopyTo(bytes);
            BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], payload.Length);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(payload, hash);
            hash[..8].CopyTo(bytes[8..]);
            payload.CopyTo(bytes[HeaderBytes..]);
            // One write from the first byte: a file shrinks only after it holds the whole new version.
            RandomAccess.Write(handle, bytes, 0);
            return length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static FileSystemSessionFile? Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes[0] == (byte)'{') return Deserialize(bytes);
        if (bytes.Length < HeaderBytes || !bytes.StartsWith(Magic)) return null;
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        if (length < 0 || length > bytes.Length - HeaderBytes) return null;
        var payload = bytes.Slice(HeaderBytes, length);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(payload, hash);
        return hash[..8].SequenceEqual(bytes.Slice(8, 8)) ? Deserialize(payload) : null;
    }

    private static FileSystemSessionFile? Deserialize(ReadOnlySpan<byte> json)
    {
        try
        {
            var file = JsonSerializer.Deserialize(json, Json.Default.FileSystemSessionFile);
            return file?.Entries is null ? null : file;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Source-generated: no reflection, and no serializer code generated at run time.
    [JsonSerializable(typeof(FileSystemSessionFile))]
    private sealed partial class Json : JsonSerializerContext;
}
