using System.Text.Json;

namespace MicroFlask.Sessions.Memcached;

/// <summary>
/// The bytes of a session item: <c>{"v":1,"data":{"key":"serialized value",...}}</c>. The version lets the
/// layout change later without misreading items written before.
/// </summary>
internal static class MemcachedSessionFormat
{
    private const int Version = 1;

    internal static byte[] Write(IReadOnlyDictionary<string, string> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteStartObject("data");
            foreach (var (key, value) in values) writer.WriteString(key, value);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    internal static Dictionary<string, string> Read(byte[] bytes, string itemKey)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("v", out var version) || version.GetInt32() != Version
                || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"memcached item '{itemKey}' is not a session in format version {Version}.");
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in data.EnumerateObject()) values[property.Name] = property.Value.GetString()!;
            return values;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"memcached item '{itemKey}' is not valid session JSON.", e);
        }
    }
}
