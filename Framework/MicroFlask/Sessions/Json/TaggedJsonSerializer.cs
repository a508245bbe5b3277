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
/// <para>Other types are refused with <see cref="NotSupportedException"/>, unless a custom <see cref="JsonTag"/> registered
/// with <see cref="Register"/> takes them.</para>
/// </remarks>
public sealed class TaggedJsonSerializer : IPayloadSerializer
{
    // Deep enough for any sensible session; a cycle fails here instead of overflowing the stack.
    internal const int MaxDepth = 256;

    private static readonly HashSet<string> Tags = [" t", " b", " m", " u", " d", " di"];

    // Flask's order of its own tags, which an index passed to Register counts in: TagDict, PassDict, TagTuple, PassList,
    // TagBytes, TagMarkup, TagUUID, TagDateTime. A null entry of _order is the built-in of that position.
    private const int BuiltinCount = 8;

    private readonly bool _shared;
    private JsonTag?[] _order = new JsonTag?[BuiltinCount];
    private Dictionary<string, JsonTag>? _custom;

    /// <summary>Creates a serializer with Flask's tags, to which custom ones can be added (<see cref="Register"/>).</summary>
    public TaggedJsonSerializer()
    {
    }

    private TaggedJsonSerializer(bool shared) => _shared = shared;

    /// <summary>The shared instance, with Flask's tags only: what sessions use unless given another.</summary>
    public static TaggedJsonSerializer Default { get; } = new(shared: true);

    /// <summary>
    /// Adds <paramref name="tag"/> (Flask's <c>TaggedJSONSerializer.register</c>): reading, its key is untagged with it;
    /// writing, it is checked after the tags before it in the order, at the end unless <paramref name="index"/> (counted in
    /// Flask's order of its eight tags: 0 puts it before all of them) says where. A key already registered, Flask's own
    /// included, is an error unless <paramref name="force"/> replaces it for reading. Register before the serializer is used.
    /// </summary>
    /// <example><c>var serializer = new TaggedJsonSerializer().Register(new TagPoint());
    /// app.SessionInterface = new SecureCookieSessionInterface { Serializer = serializer };</c></example>
    /// <exception cref="InvalidOperationException">The key is taken and <paramref name="force"/> is false, or this is <see cref="Default"/>.</exception>
    public TaggedJsonSerializer Register(JsonTag tag, bool force = false, int? index = null)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (_shared)
            throw new InvalidOperationException(
                "TaggedJsonSerializer.Default is shared by every app and store: register the tag on a serializer of your own " +
                "(new TaggedJsonSerializer().Register(tag)) and give it to the session interface (new SecureCookieSessionInterface { Serializer = ... }).");
        var key = tag.Key;
        if (string.IsNullOrEmpty(key)) throw new ArgumentException("A tag needs a key, such as \" od\": it is what marks the value in the JSON.", nameof(tag));
        if (!force && IsTag(key)) throw new InvalidOperationException($"Tag '{key}' is already registered. Pass force: true to replace it.");
        _custom = new Dictionary<string, JsonTag>(_custom ?? new Dictionary<string, JsonTag>(StringComparer.Ordinal), StringComparer.Ordinal) { [key] = tag };

        var order = new List<JsonTag?>(_order);
        if (index is { } at) order.Insert(Math.Clamp(at < 0 ? order.Count + at : at, 0, order.Count), tag);
        else order.Add(tag);
        _order = [.. order];
        return this;
    }

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
    public object? Deserialize(ReadOnlySpan<byte> data) => TaggedJsonReader.Read(data, _custom);

    /// <summary>True when <paramref name="key"/> is one of Flask's tags or a registered one.</summary>
    internal bool IsTag(string key) => Tags.Contains(key) || (_custom?.ContainsKey(key) ?? false);

    private void Write(PythonJsonWriter writer, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new NotSupportedException($"The session value is nested more than {MaxDepth} levels deep, or contains itself.");
        }

        if (_custom is not null && FindCustomTag(value) is { } custom)
        {
            writer.WriteRaw("{"u8);
            writer.WriteString(custom.Key);
            writer.WriteByte((byte)':');
            Write(writer, custom.ToJson(value), depth + 1);
            writer.WriteByte((byte)'}');
            return;
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

    /// <summary>The custom tag that takes <paramref name="value"/>: the first whose check passes, unless a built-in before it takes it.</summary>
    private JsonTag? FindCustomTag(object? value)
    {
        var order = _order;
        for (var i = 0; i < order.Length; i++)
        {
            if (order[i] is { } tag)
            {
                if (tag.Check(value)) return tag;
            }
            else if (BuiltinTakes(Builtin(order, i), value))
            {
                return null;
            }
        }

        return null;
    }

    // Which of Flask's eight tags the null entry at i stands for: the count of null entries before it.
    private static int Builtin(JsonTag?[] order, int i)
    {
        var builtin = 0;
        for (var j = 0; j < i; j++)
        {
            if (order[j] is null) builtin++;
        }

        return builtin;
    }

    private bool BuiltinTakes(int builtin, object? value) => builtin switch
    {
        0 => value is not string && DictionaryCount(value) == 1 && IsTag(SingleKey(value)),
        1 => value is not string && DictionaryCount(value) >= 0,
        2 => value is JsonTuple or ITuple,
        3 => value is IEnumerable and not string and not byte[] && DictionaryCount(value) < 0,
        4 => value is byte[],
        5 => value is Markup,
        6 => value is Guid,
        _ => value is DateTime or DateTimeOffset,
    };

    private static int DictionaryCount(object? value) => value switch
    {
        IDictionary<string, object?> d => d.Count,
        IReadOnlyDictionary<string, object?> d => d.Count,
        IDictionary d => d.Count,
        _ => -1,
    };

    private static string SingleKey(object? value) => value switch
    {
        IEnumerable<KeyValuePair<string, object?>> d => d.First().Key,
        IDictionary d => d.Keys.Cast<object>().First() as string ?? "",
        _ => "",
    };

    private static PythonJsonWriter WriteTagged(PythonJsonWriter writer, ReadOnlySpan<byte> tag)
    {
        writer.WriteRaw("{\""u8);
        writer.WriteRaw(tag);
        writer.WriteRaw("\":"u8);
        return writer;
    }

    private void WriteList(PythonJsonWriter writer, IEnumerable items, int depth)
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

    private void WriteDictionary(PythonJsonWriter writer, IEnumerable<KeyValuePair<string, object?>> dictionary, int count, int depth)
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
