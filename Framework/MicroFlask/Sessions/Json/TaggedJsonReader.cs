using System.Numerics;
using System.Text;
using System.Text.Json;
using MicroFlask.Http;

namespace MicroFlask.Sessions.Json;

/// <summary>Reads tagged JSON with <see cref="Utf8JsonReader"/> and untags it on the way, innermost values first as Flask does.</summary>
internal static class TaggedJsonReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = TaggedJsonSerializer.MaxDepth };

    public static object? Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read())
        {
            throw new JsonException("The payload is empty.");
        }

        var value = ReadValue(ref reader);

        // Anything after the value is an error, as for Python's json.loads; the reader throws on it.
        reader.Read();
        return value;
    }

    private static object? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var dictionary = new Dictionary<string, object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = reader.GetString()!;
                    reader.Read();

                    // A repeated key keeps its last value, as in Python.
                    dictionary[key] = ReadValue(ref reader);
                }

                return dictionary.Count == 1 ? Untag(dictionary) : dictionary;
            case JsonTokenType.StartArray:
                var list = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Add(ReadValue(ref reader));
                }

                return list;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return ReadNumber(ref reader);
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Null:
                return null;
            default:
                throw new JsonException($"Unexpected {reader.TokenType}.");
        }
    }

    private static object ReadNumber(ref Utf8JsonReader reader)
    {
        // Python's json makes an int of a number without fraction or exponent, of any size; a float otherwise.
        var raw = reader.ValueSpan;
        if (raw.IndexOfAny(".eE"u8) >= 0)
        {
            return reader.TryGetDouble(out var number) && double.IsFinite(number)
                ? number
                : throw new FormatException("A number is out of range for a double.");
        }

        // Boxed separately: a conditional of long and BigInteger would turn every integer into a BigInteger.
        return reader.TryGetInt64(out var integer) ? (object)integer : BigInteger.Parse(Encoding.ASCII.GetString(raw));
    }

    private static object? Untag(Dictionary<string, object?> dictionary)
    {
        var (key, value) = dictionary.First();
        switch (key)
        {
            case " t":
                return JsonTuple.Wrap(Expect<List<object?>>(key, value).ToArray());
            case " b":
                return Convert.FromBase64String(Expect<string>(key, value));
            case " m":
                return new Markup(Expect<string>(key, value));
            case " u":
                return Guid.Parse(Expect<string>(key, value));
            case " d":
                // Werkzeug's parse_date gives None for a date it cannot read; so does this.
                return HttpDate.Parse(Expect<string>(key, value));
            case " di":
                var (innerKey, innerValue) = Expect<Dictionary<string, object?>>(key, value).FirstOrDefault();
                if (innerKey is null)
                {
                    throw new FormatException("Tag ' di' holds an empty object.");
                }

                // The writer added "__" to the key so that it would not be read as a tag; take it off again.
                return new Dictionary<string, object?> { [innerKey.Length >= 2 ? innerKey[..^2] : ""] = innerValue };
            default:
                return dictionary;
        }
    }

    private static T Expect<T>(string tag, object? value) =>
        value is T typed ? typed : throw new FormatException($"Tag '{tag}' holds {value?.GetType().Name ?? "null"}, not {typeof(T).Name}.");
}
