using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroFlask.Signing;

/// <summary>
/// Plain compact JSON, itsdangerous' default payload format: any value System.Text.Json can write goes in, a
/// <see cref="JsonNode"/> (or null) comes out. Flask's session cookie passes its tagged serializer instead.
/// </summary>
public sealed class JsonPayloadSerializer : IPayloadSerializer
{
    // itsdangerous writes non-ASCII text as it is (ensure_ascii=False); the "unsafe" encoder does too, and it is
    // only unsafe in HTML, which a base64 payload never is.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The shared instance; the serializer holds no state.</summary>
    public static JsonPayloadSerializer Default { get; } = new();

    /// <inheritdoc />
    public void Serialize(object? value, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var writer = new Utf8JsonWriter(destination, WriterOptions);
        JsonSerializer.Serialize(writer, value, value?.GetType() ?? typeof(object));
    }

    /// <inheritdoc />
    public object? Deserialize(ReadOnlySpan<byte> data) => JsonNode.Parse(data);
}
