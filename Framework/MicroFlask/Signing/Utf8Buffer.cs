using System.Buffers;
using System.Text;

namespace MicroFlask.Signing;

/// <summary>
/// A string's UTF-8 bytes in the caller's stack buffer when they fit, in a pooled array otherwise; dispose to give
/// the array back. It keeps the signers free of rent-and-return blocks, so each method reads like itsdangerous.
/// </summary>
internal ref struct Utf8Buffer
{
    private byte[]? _rented;

    /// <summary>Encodes <paramref name="text"/>, leaving <paramref name="spare"/> bytes free after it.</summary>
    public Utf8Buffer(string text, Span<byte> stackBuffer, int spare = 0)
    {
        var needed = Encoding.UTF8.GetByteCount(text) + spare;
        Buffer = needed <= stackBuffer.Length ? stackBuffer : (_rented = ArrayPool<byte>.Shared.Rent(needed));
        Length = Encoding.UTF8.GetBytes(text, Buffer);
    }

    /// <summary>The whole buffer: the text's bytes, then the spare room.</summary>
    public Span<byte> Buffer { get; }

    /// <summary>How many bytes the text took.</summary>
    public int Length { get; }

    /// <summary>The text's bytes.</summary>
    public readonly Span<byte> Bytes => Buffer[..Length];

    public void Dispose()
    {
        if (_rented is null) return;
        ArrayPool<byte>.Shared.Return(_rented);
        _rented = null;
    }
}
