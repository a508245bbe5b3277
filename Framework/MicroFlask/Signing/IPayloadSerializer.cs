using System.Buffers;

namespace MicroFlask.Signing;

/// <summary>Turns values into the bytes that <see cref="UrlSafeTimedSerializer"/> signs, and back.</summary>
public interface IPayloadSerializer
{
    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/>.</summary>
    void Serialize(object? value, IBufferWriter<byte> destination);

    /// <summary>Reads a value back; throws any exception on bad input (the caller wraps it).</summary>
    object? Deserialize(ReadOnlySpan<byte> data);
}
