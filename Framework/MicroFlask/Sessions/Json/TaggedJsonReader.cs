using System.Numerics;
using System.Text;
using System.Text.Json;
using MicroFlask.Http;

namespace MicroFlask.Sessions.Json;

/// <summary>Reads tagged JSON with <see cref="Utf8JsonReader"/> and untags it on the way, innermost values first as Flask does.</summary>
internal static class TaggedJsonReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = TaggedJsonSerializer.MaxDepth };

    public static object? Read(ReadOnlySpan<byte> json, IReadOnlyDictionary<string, JsonTag>? custom = null)
    {
        var nonFinite = NonFiniteNumbers(ref json);
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read())
        {
            throw new JsonException("The payload is empty.");
        }

        var value = ReadValue(ref reader, nonFinite, custom);

        // Anything after the value is an error, as for Python's json.loads; the reader throws on it.
        reader.Read();
        return value;
    }

    private static object? ReadValue(ref Utf8JsonReader reader, Dictionary<long, double>? nonFinite, IReadOnlyDictionary<string, JsonTag>? custom)
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
                    dictionary[key] = ReadValue(ref reader, nonFinite, custom);
                }

                return dictionary.Count == 1 ? Untag(dictionary, custom) : dictionary;
            case JsonTokenType.StartArray:
                var list = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Add(ReadValue(ref reader, nonFinite, custom));
                }

                return list;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return nonFinite is not null && nonFinite.TryGetValue(reader.TokenStartIndex, out var special)
                    ? special
                    : ReadNumber(ref reader);
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

    /// <summary>
    /// Python's json writes and reads NaN, Infinity and -Infinity as bare words, which Utf8JsonReader refuses. Each
    /// one outside a string is overwritten in a copy by a 0 padded with spaces to the same length, so every offset
    /// stays put, and its value is remembered by offset for <see cref="ReadValue"/>.
    /// </summary>
    private static Dictionary<long, double>? NonFiniteNumbers(ref ReadOnlySpan<byte> json)
    {
        if (json.IndexOfAny((byte)'N', (byte)'I') < 0)
        {
            return null;
        }

        Dictionary<long, double>? found = null;
        byte[]? copy = null;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                if (b == '\\')
                {
                    i++;
                }
                else if (b == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (b == '"')
            {
                inString = true;
                continue;
            }

            // Only where a value may start: "1NaN" and "-NaN" stay as they are, for the reader to refuse as Python does.
            if (i > 0 && json[i - 1] is not ((byte)'[' or (byte)',' or (byte)':' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                continue;
            }

            var rest = json[i..];
            var (length, number) = rest.StartsWith("NaN"u8) ? (3, double.NaN)
                : rest.StartsWith("Infinity"u8) ? (8, double.PositiveInfinity)
                : rest.StartsWith("-Infinity"u8) ? (9, double.NegativeInfinity)
                : (0, 0.0);
            if (length == 0)
            {
                continue;
            }

            copy ??= json.ToArray();
            copy[i] = (byte)'0';
            copy.AsSpan(i + 1, length - 1).Fill((byte)' ');
            (found ??= [])[i] = number;
            i += length - 1;
        }

        if (copy is not null)
        {
            json = copy;
        }

        return found;
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

    private static object? Untag(Dictionary<string, object?> dictionary, IReadOnlyDictionary<string, JsonTag>? custom)
    {
        // The struct enumerator: LINQ's First() would box one on every session read.
        var pairs = dictionary.GetEnumerator();
        pairs.MoveNext();
        var (key, value) = pairs.Current;
        // A registered tag wins, one forced over Flask's own key included, as Flask's tags dictionary is looked up.
        if (custom is not null && custom.TryGetValue(key, out var tag)) return tag.ToPython(value);
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
