using System.Buffers;
using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using MicroFlask.Http;
using MicroFlask.Signing;

namespace MicroFlask.Sessions.Json;

/// <summary>
/// Flask's tagged JSON (<c>flask.json.tag.TaggedJSONSerializer</c>): compact JSON, keys sorted by code point,
/// non-ASCII escaped, and types JSON lacks written as one-key objects whose key is a tag. Output is byte for byte
/// what Flask writes for the same session, so cookies move freely between a Flask app and a MicroFlask app.
/// </summary>
/// <remarks>
/// <para>Type mapping (.NET written → JSON → .NET read):</para>
/// <list type="table">
/// <listheader><term>.NET value</term><description>JSON / tag → read back as</description></listheader>
/// <item><term>null</term><description><c>null</c> → null</description></item>
/// <item><term>bool</term><description><c>true</c>/<c>false</c> → bool</description></item>
/// <item><term>string</term><description>string → string</description></item>
/// <item><term>sbyte, byte, short, ushort, int, uint, long, ulong, BigInteger</term><description>integer →
/// long, or BigInteger when it does not fit in a long (Python integers have no size limit)</description></item>
/// <item><term>double, float</term><description>number as Python's repr (<c>1.0</c>, <c>1e-05</c>) → double;
/// NaN and ±infinity as Python's <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c></description></item>
/// <item><term><see cref="JsonTuple"/>, any <see cref="ITuple"/> (ValueTuple, Tuple)</term><description>
/// <c>{" t":[...]}</c> → <see cref="JsonTuple"/></description></item>
/// <item><term>byte[]</term><description><c>{" b":"base64"}</c> (standard alphabet, padded) → byte[]</description></item>
/// <item><term><see cref="Markup"/></term><description><c>{" m":"html"}</c> → <see cref="Markup"/></description></item>
/// <item><term>Guid</term><description><c>{" u":"32 lowercase hex digits"}</c> (Python's <c>uuid.hex</c>) → Guid</description></item>
/// <item><term>DateTimeOffset, DateTime</term><description><c>{" d":"Wed, 21 Oct 2015 07:28:00 GMT"}</c> →
/// DateTimeOffset in UTC, whole seconds (a DateTime of unspecified kind counts as UTC, as Werkzeug does)</description></item>
/// <item><term>IDictionary&lt;string, object?&gt;, IReadOnlyDictionary&lt;string, object?&gt;, IDictionary with string keys</term>
/// <description>object → Dictionary&lt;string, object?&gt;; a one-key dictionary whose key is a tag is written
/// <c>{" di":{"KEY__":value}}</c></description></item>
/// <item><term>any other IEnumerable</term><description>array → List&lt;object?&gt;</description></item>
/// </list>
/// <para>Other types are refused with <see cref="NotSupportedException"/>.</para>
/// </remarks>
public sealed class TaggedJsonSerializer : IPayloadSerializer
{
    // Deep enough for any sensible session; a cycle fails here instead of overflowing the stack.
    internal const int MaxDepth = 256;

    private static readonly HashSet<string> Tags = [" t", " b", " m", " u", " d", " di"];

    /// <summary>The shared instance; the serializer holds no state.</summary>
    public static TaggedJsonSerializer Default { get; } = new();

    /// <summary>Tags <paramref name="value"/> and writes it as compact JSON, as Flask does.</summary>
    /// <exception cref="NotSupportedException">A value of a type the session cannot store.</exception>
    public string Dumps(object? value)
    {
        using var buffer = new PooledBufferWriter();
        Serialize(value, buffer);
        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads JSON and turns tagged objects back into their types.</summary>
    /// <exception cref="System.Text.Json.JsonException">Not JSON.</exception>
    /// <exception cref="FormatException">A tag whose content is not of its type.</exception>
    public object? Loads(string json) => Deserialize(Encoding.UTF8.GetBytes(json ?? throw new ArgumentNullException(nameof(json))));

    /// <inheritdoc />
    public void Serialize(object? value, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Write(new PythonJsonWriter(destination), value, 0);
    }

    /// <inheritdoc />
    public object? Deserialize(ReadOnlySpan<byte> data) => TaggedJsonReader.Read(data);

    /// <summary>True when <paramref name="key"/> is one of Flask's tags.</summary>
    internal static bool IsTag(string key) => Tags.Contains(key);

    private static void Write(PythonJsonWriter writer, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new NotSupportedException($"The session value is nested more than {MaxDepth} levels deep, or contains itself.");
        }

        switch (value)
        {
            case null:
                writer.WriteRaw("null"u8);
                break;
            case string text:
                writer.WriteString(text);
                break;
            case bool flag:
                writer.WriteRaw(flag ? "true"u8 : "false"u8);
                break;
            case int or long or short or sbyte or byte or ushort or uint:
                writer.WriteInteger(Convert.ToInt64(value));
                break;
            case ulong unsigned:
                writer.WriteInteger(unsigned);
                break;
            case BigInteger big:
                writer.WriteInteger(big);
                break;
            case double number:
                writer.WriteFloat(number);
                break;
            case float number:
                writer.WriteFloat(number);
                break;
            case Markup markup:
                WriteTagged(writer, " m"u8).WriteString(markup.Html);
                writer.WriteByte((byte)'}');
                break;
            case Guid guid:
                WriteTagged(writer, " u"u8).WriteString(guid.ToString("N"));
                writer.WriteByte((byte)'}');
                break;
            case DateTimeOffset date:
                WriteTagged(writer, " d"u8).WriteString(HttpDate.Format(date));
                writer.WriteByte((byte)'}');
                break;
            case DateTime date:
                // Werkzeug's http_date takes a naive datetime as UTC; only a local one is converted.
                var utc = date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : DateTime.SpecifyKind(date, DateTimeKind.Utc);
                WriteTagged(writer, " d"u8).WriteString(HttpDate.Format(new DateTimeOffset(utc)));
                writer.WriteByte((byte)'}');
                break;
            case byte[] bytes:
                WriteTagged(writer, " b"u8).WriteString(Convert.ToBase64String(bytes));
                writer.WriteByte((byte)'}');
                break;
            case JsonTuple tuple:
                WriteTagged(writer, " t"u8);
                WriteList(writer, tuple, depth);
                writer.WriteByte((byte)'}');
                break;
            case ITuple tuple:
                WriteTagged(writer, " t"u8);
                WriteList(writer, Items(tuple), depth);
                writer.WriteByte((byte)'}');
                break;
            case IDictionary<string, object?> dictionary:
                WriteDictionary(writer, dictionary, dictionary.Count, depth);
                break;
            case IReadOnlyDictionary<string, object?> dictionary:
                WriteDictionary(writer, dictionary, dictionary.Count, depth);
                break;
            case IDictionary dictionary:
                WriteDictionary(writer, StringKeyed(dictionary), dictionary.Count, depth);
                break;
            case IEnumerable sequence:
                WriteList(writer, sequence, depth);
                break;
            default:
                throw new NotSupportedException(
                    $"A value of type {value.GetType()} cannot be stored in the session. Use null, bool, string, integers, " +
                    "double, byte[], Guid, DateTimeOffset, Markup, JsonTuple, lists or dictionaries with string keys.");
        }
    }

    private static PythonJsonWriter WriteTagged(PythonJsonWriter writer, ReadOnlySpan<byte> tag)
    {
        writer.WriteRaw("{\""u8);
        writer.WriteRaw(tag);
        writer.WriteRaw("\":"u8);
        return writer;
    }

    private static void WriteList(PythonJsonWriter writer, IEnumerable items, int depth)
    {
        writer.WriteByte((byte)'[');
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                writer.WriteByte((byte)',');
            }

            first = false;
            Write(writer, item, depth + 1);
        }

        writer.WriteByte((byte)']');
    }

    private static void WriteDictionary(PythonJsonWriter writer, IEnumerable<KeyValuePair<string, object?>> dictionary, int count, int depth)
    {
        var entries = ArrayPool<KeyValuePair<string, object?>>.Shared.Rent(Math.Max(count, 1));
        try
        {
            var length = 0;
            foreach (var entry in dictionary)
            {
                if (length == entries.Length)
                {
                    throw new InvalidOperationException("The dictionary changed while the session was being written.");
                }

                entries[length++] = entry;
            }

            var sorted = entries.AsSpan(0, length);
            if (length == 1 && IsTag(sorted[0].Key))
            {
                // A dictionary that looks like a tag is itself tagged, so that reading it does not untag it.
                WriteTagged(writer, " di"u8).WriteByte((byte)'{');
                writer.WriteString(sorted[0].Key + "__");
                writer.WriteByte((byte)':');
                Write(writer, sorted[0].Value, depth + 1);
                writer.WriteRaw("}}"u8);
                return;
            }

            sorted.Sort(static (a, b) => CodePointComparer.Instance.Compare(a.Key, b.Key));
            writer.WriteByte((byte)'{');
            for (var i = 0; i < sorted.Length; i++)
            {
                if (i > 0)
                {
                    writer.WriteByte((byte)',');
                }

                writer.WriteString(sorted[i].Key ?? throw new NotSupportedException("A session dictionary key is null."));
                writer.WriteByte((byte)':');
                Write(writer, sorted[i].Value, depth + 1);
            }

            writer.WriteByte((byte)'}');
        }
        finally
        {
            ArrayPool<KeyValuePair<string, object?>>.Shared.Return(entries, clearArray: true);
        }
    }

    private static IEnumerable<KeyValuePair<string, object?>> StringKeyed(IDictionary dictionary)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string key)
            {
                throw new NotSupportedException($"Session dictionary keys must be strings, not {entry.Key.GetType()}.");
            }

            yield return new KeyValuePair<string, object?>(key, entry.Value);
        }
    }

    private static IEnumerable Items(ITuple tuple)
    {
        for (var i = 0; i < tuple.Length; i++)
        {
            yield return tuple[i];
        }
    }
}
