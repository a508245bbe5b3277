using System.Collections;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace MicroFlask;

/// <summary>
/// The app's settings, keyed like Flask's (<c>SECRET_KEY</c>, <c>SESSION_COOKIE_NAME</c>...) and holding Flask's
/// defaults. Load more from a JSON file (<see cref="FromJsonFile"/>), from the environment
/// (<see cref="FromPrefixedEnv"/>: <c>MICROFLASK_SECRET_KEY</c> sets SECRET_KEY), from any <c>IConfiguration</c>
/// section (<see cref="FromConfiguration"/>) or from appsettings.json as ASP.NET Core layers it (<see cref="FromAppSettings"/>).
/// </summary>
public sealed partial class Config : IDictionary<string, object?>
{
    private const string Integer = "an integer (a number, or a string of digits)";
    private const string Duration = "a duration (a TimeSpan, a number of seconds, or a string such as \"31.00:00:00\")";
    private const string PositiveDuration = "a positive duration (a TimeSpan, a number of seconds, or a string such as \"00:30:00\"); remove the key to turn it off";

    // The keys the app reads as numbers or durations: a value that cannot be one is refused when it is set, with the
    // key in the message, rather than failing at some later request.
    private static readonly Dictionary<string, string> TypedKeys = new(StringComparer.Ordinal)
    {
        ["MAX_CONTENT_LENGTH"] = Integer,
        ["MAX_FORM_MEMORY_SIZE"] = Integer,
        ["MAX_FORM_PARTS"] = Integer,
        ["MAX_COOKIE_SIZE"] = Integer,
        ["PERMANENT_SESSION_LIFETIME"] = Duration,
        ["SEND_FILE_MAX_AGE_DEFAULT"] = Duration,
        ["SESSION_IDLE_TIMEOUT"] = PositiveDuration,
        ["SESSION_ABSOLUTE_TIMEOUT"] = PositiveDuration,
    };

    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);
    private int _version;

    /// <summary>Creates a config holding Flask's default values.</summary>
    public Config()
    {
        foreach (var (key, value) in Defaults()) _values[key] = value;
    }

    /// <summary>Raised after a key changes, so that cached settings can be refreshed.</summary>
    internal event Action<string>? Changed;

    /// <summary>Counts the changes, so that a cache of settings read from here knows when it is stale.</summary>
    internal int Version => _version;

    /// <summary>The value of <paramref name="key"/>, or null when unset.</summary>
    /// <exception cref="ArgumentException">A value a typed key (MAX_CONTENT_LENGTH, PERMANENT_SESSION_LIFETIME...) cannot be; the config keeps the old one.</exception>
    public object? this[string key]
    {
        get => _values.TryGetValue(key, out var value) ? value : null;
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            Validate(key, value);
            _values[key] = value;
            OnChanged(key);
        }
    }

    /// <summary>The value as a string (numbers and booleans formatted), or null.</summary>
    public string? GetString(string key) => this[key] switch
    {
        null => null,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    /// <summary>The value as a bool; "true"/"1"/"yes"/"on" count as true.</summary>
    public bool GetBool(string key, bool defaultValue = false) => this[key] switch
    {
        null => defaultValue,
        bool b => b,
        string s => s.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "on",
        IConvertible c => c.ToInt64(CultureInfo.InvariantCulture) != 0,
        _ => defaultValue,
    };

    /// <summary>The value as a long, or <paramref name="defaultValue"/> when unset.</summary>
    public long? GetLong(string key, long? defaultValue = null) => this[key] switch
    {
        null => defaultValue,
        var value => TryToLong(value, out var number) ? number : throw new InvalidOperationException(Invalid(key, Integer, value)),
    };

    /// <summary>
    /// The value as a duration: a <see cref="TimeSpan"/>, a number of seconds (as Flask accepts for
    /// PERMANENT_SESSION_LIFETIME), or a TimeSpan string such as "31.00:00:00".
    /// </summary>
    public TimeSpan? GetTimeSpan(string key) => this[key] switch
    {
        null => null,
        var value => TryToTimeSpan(value, out var duration) ? duration : throw new InvalidOperationException(Invalid(key, Duration, value)),
    };

    private static void Validate(string key, object? value)
    {
        if (value is null || !TypedKeys.TryGetValue(key, out var expected)) return;
        var valid = expected switch
        {
            Integer => TryToLong(value, out _),
            PositiveDuration => TryToTimeSpan(value, out var duration) && duration > TimeSpan.Zero,
            _ => TryToTimeSpan(value, out _),
        };
        if (!valid) throw new ArgumentException(Invalid(key, expected, value), nameof(value));
    }

    private static string Invalid(string key, string expected, object value) =>
        $"Config key {key} must be {expected}, not {Describe(value)}.";

    private static string Describe(object value) => value switch
    {
        string text => "\"" + text + "\"",
        // A number or a TimeSpan of the right type but out of range: its value says what is wrong.
        TimeSpan or int or long or double => ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
        _ => value.GetType().Name,
    };

    private static bool TryToLong(object value, out long number)
    {
        switch (value)
        {
            case string s:
                return long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number);
            case bool or char or DateTime:
                number = 0;
                return false;
            case IConvertible c:
                try
                {
                    number = c.ToInt64(CultureInfo.InvariantCulture);
                    return true;
                }
                catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
                {
                    number = 0;
                    return false;
                }
            default:
                number = 0;
                return false;
        }
    }

    private static bool TryToTimeSpan(object value, out TimeSpan duration)
    {
        duration = default;
        switch (value)
        {
            case TimeSpan t:
                duration = t;
                return true;
            case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds):
                return TryFromSeconds(seconds, out duration);
            case string s:
                return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out duration);
            case bool or char or DateTime:
                return false;
            case IConvertible c:
                try
                {
                    return TryFromSeconds(c.ToDouble(CultureInfo.InvariantCulture), out duration);
                }
                catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
                {
                    return false;
                }
            default:
                return false;
        }
    }

    private static bool TryFromSeconds(double seconds, out TimeSpan duration)
    {
        duration = default;
        if (double.IsNaN(seconds) || Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds) return false;
        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>The value as a list of strings: a list, or one string.</summary>
    public IReadOnlyList<string> GetStringList(string key) => this[key] switch
    {
        null => Array.Empty<string>(),
        string s => new[] { s },
        IEnumerable<object?> items => items.Where(i => i is not null).Select(i => i!.ToString()!).ToArray(),
        IEnumerable items => items.Cast<object?>().Where(i => i is not null).Select(i => i!.ToString()!).ToArray(),
        var other => new[] { other.ToString()! },
    };

    /// <summary>Copies every top-level key of a JSON object file into the config.</summary>
    public Config FromJsonFile(string path, bool optional = false)
    {
        if (!File.Exists(path))
        {
            if (optional) return this;
            throw new FileNotFoundException($"Unable to load configuration file: {path} does not exist. Create it, or pass optional: true.", path);
        }
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"Configuration file {path} must hold a JSON object.");
        foreach (var property in document.RootElement.EnumerateObject()) this[property.Name] = FromJson(property.Value);
        return this;
    }

    /// <summary>
    /// Loads every environment variable named <c>{prefix}_KEY</c> into KEY, as Flask's <c>from_prefixed_env</c>:
    /// the value is read as JSON when it parses (numbers, true/false, lists), else kept as a string;
    /// <c>{prefix}_A__B</c> sets key B inside the dictionary at A.
    /// </summary>
    public Config FromPrefixedEnv(string prefix = "MICROFLASK", IDictionary? environment = null)
    {
        var start = prefix + "_";
        var variables = environment ?? Environment.GetEnvironmentVariables();
        foreach (var name in variables.Keys.Cast<string>().Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith(start, StringComparison.Ordinal) || name.Length == start.Length) continue;
            var raw = variables[name] as string ?? "";
            var value = ParseEnvValue(raw);
            var path = name[start.Length..].Split("__");
            if (path.Length == 1)
            {
                this[path[0]] = value;
                continue;
            }
            if (this[path[0]] is not IDictionary<string, object?> current)
            {
                current = new Dictionary<string, object?>();
                this[path[0]] = current;
            }
            for (var i = 1; i < path.Length - 1; i++)
            {
                if (!current.TryGetValue(path[i], out var next) || next is not IDictionary<string, object?> child)
                {
                    child = new Dictionary<string, object?>();
                    current[path[i]] = child;
                }
                current = child;
            }
            current[path[^1]] = value;
            OnChanged(path[0]);
        }
        return this;
    }

    /// <summary>
    /// Copies every key of <paramref name="section"/> into the config, e.g. the host's
    /// <c>builder.Configuration.GetSection("MicroFlask")</c>. Values are read as <see cref="FromPrefixedEnv"/> reads
    /// them ("5" is a number, "true" a bool, else a string); a nested section becomes a dictionary at its key, and
    /// a section of 0, 1, 2... keys (a JSON array) a list.
    /// </summary>
    public Config FromConfiguration(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        foreach (var child in section.GetChildren()) this[child.Key] = FromSection(child);
        return this;
    }

    /// <summary>
    /// Reads the section <paramref name="sectionName"/> of <c>appsettings.json</c>, then <c>appsettings.{environment}.json</c>,
    /// then the environment variables (<c>MicroFlask__SECRET_KEY</c>), each later source winning, as ASP.NET Core
    /// layers them: the same files configure the app standalone or mounted. The environment is ASPNETCORE_ENVIRONMENT,
    /// else DOTNET_ENVIRONMENT, else Production; the files are looked for in <paramref name="basePath"/> (the current
    /// directory by default, ASP.NET Core's content root) and may be missing.
    /// </summary>
    public Config FromAppSettings(string sectionName = "MicroFlask", string? basePath = null, string? environment = null)
    {
        environment ??= Hosting.HostEnvironment.Name;
        var configuration = new ConfigurationBuilder()
            .SetBasePath(basePath ?? Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        return FromConfiguration(configuration.GetSection(sectionName));
    }

    private static object? FromSection(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0) return section.Value is null ? null : ParseEnvValue(section.Value);
        // The configuration binder's convention: an array arrives as the keys 0, 1, 2...
        var indexes = children.Select(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1).ToList();
        if (indexes.Order().SequenceEqual(Enumerable.Range(0, children.Count)))
            return children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)).Select(FromSection).ToList();
        return children.ToDictionary(c => c.Key, FromSection);
    }

    private static object? ParseEnvValue(string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            return FromJson(document.RootElement);
        }
        catch (JsonException)
        {
            return raw;
        }
    }

    private static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        // Boxed apart: a conditional of long and double would make every integer a double.
        JsonValueKind.Number => element.TryGetInt64(out var l) ? (object)l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        _ => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value)),
    };

    private static IEnumerable<KeyValuePair<string, object?>> Defaults()
    {
        // Flask 3.1's defaults, same names and values.
        yield return new("DEBUG", false);
        yield return new("TESTING", false);
        yield return new("PROPAGATE_EXCEPTIONS", null);
        yield return new("SECRET_KEY", null);
        yield return new("SECRET_KEY_FALLBACKS", null);
        yield return new("PERMANENT_SESSION_LIFETIME", TimeSpan.FromDays(31));
        yield return new("SERVER_NAME", null);
        yield return new("APPLICATION_ROOT", "/");
        yield return new("SESSION_COOKIE_NAME", "session");
        yield return new("SESSION_COOKIE_DOMAIN", null);
        yield return new("SESSION_COOKIE_PATH", null);
        yield return new("SESSION_COOKIE_HTTPONLY", true);
        yield return new("SESSION_COOKIE_SECURE", false);
        yield return new("SESSION_COOKIE_PARTITIONED", false);
        yield return new("SESSION_COOKIE_SAMESITE", null);
        yield return new("SESSION_REFRESH_EACH_REQUEST", true);
        yield return new("MAX_CONTENT_LENGTH", null);
        yield return new("MAX_FORM_MEMORY_SIZE", 500_000L);
        yield return new("MAX_FORM_PARTS", 1_000L);
        yield return new("SEND_FILE_MAX_AGE_DEFAULT", null);
        yield return new("TRAP_HTTP_EXCEPTIONS", false);
        yield return new("TRAP_BAD_REQUEST_ERRORS", null);
        yield return new("PREFERRED_URL_SCHEME", "http");
        yield return new("MAX_COOKIE_SIZE", 4093L);
        yield return new("PROVIDE_AUTOMATIC_OPTIONS", true);
    }

    /// <inheritdoc />
    public ICollection<string> Keys => _values.Keys;

    /// <inheritdoc />
    public ICollection<object?> Values => _values.Values;

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    public void Add(string key, object? value) => this[key] = value;

    /// <inheritdoc />
    public void Add(KeyValuePair<string, object?> item) => this[item.Key] = item.Value;

    /// <inheritdoc />
    public void Clear()
    {
        _values.Clear();
        OnChanged("");
    }

    /// <inheritdoc />
    public bool Contains(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)_values).Contains(item);

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object?>>)_values).CopyTo(array, arrayIndex);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    /// <inheritdoc />
    public bool Remove(string key)
    {
        if (!_values.Remove(key)) return false;
        OnChanged(key);
        return true;
    }

    /// <inheritdoc />
    public bool Remove(KeyValuePair<string, object?> item)
    {
        if (!((ICollection<KeyValuePair<string, object?>>)_values).Remove(item)) return false;
        OnChanged(item.Key);
        return true;
    }

    /// <inheritdoc />
    public bool TryGetValue(string key, out object? value) => _values.TryGetValue(key, out value);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void OnChanged(string key)
    {
        Interlocked.Increment(ref _version);
        Changed?.Invoke(key);
    }
}
