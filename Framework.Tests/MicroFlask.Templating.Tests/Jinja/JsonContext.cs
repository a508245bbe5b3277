using System.Text.Json;
using MicroFlask.Http;

namespace MicroFlask.Templating.Tests.Jinja;

/// <summary>
/// A corpus context file as the values a C# app would pass, the same way the Python side reads it: objects become
/// dictionaries, whole numbers long, others double; <c>{"$datetime": ...}</c> a DateTime and <c>{"$markup": ...}</c> a Markup.
/// </summary>
internal static class JsonContext
{
    public static Dictionary<string, object?> Load(string path)
    {
        if (!File.Exists(path)) return new Dictionary<string, object?>(StringComparer.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return (Dictionary<string, object?>)Convert(json.RootElement)!;
    }

    private static object? Convert(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object when e.TryGetProperty("$datetime", out var t) => DateTime.Parse(t.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.Object when e.TryGetProperty("$markup", out var m) => new Markup(m.GetString()!),
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Convert(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => e.EnumerateArray().Select(Convert).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) && !e.GetRawText().Contains('.') && !e.GetRawText().Contains('e') ? (object)l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
