using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using MicroFlask.Sessions;
using Microsoft.Extensions.Caching.Distributed;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// What each SESSION_TYPE installs, for <see cref="App.UseSessionStore"/>, and which SESSION_* keys it reads. "null",
/// "memory", "filesystem" and "distributedcache" are built in; "redis", "memcached", "mongodb", "dynamodb" and
/// "sqlalchemy"/"sql" live in their own packages, loaded by name when asked for (their module initializer calls
/// <see cref="Register(string, Func{App, SessionInterface})"/>). Register your own type the same way.
/// </summary>
public static class SessionStoreRegistry
{
    private static readonly ConcurrentDictionary<string, Func<App, SessionInterface>> Factories = new(StringComparer.OrdinalIgnoreCase);

    // The assembly that registers each store type not built into the core.
    private static readonly ConcurrentDictionary<string, string> KnownAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["redis"] = "MicroFlask.Sessions.Redis",
        ["memcached"] = "MicroFlask.Sessions.Memcached",
        ["mongodb"] = "MicroFlask.Sessions.MongoDb",
        ["dynamodb"] = "MicroFlask.Sessions.DynamoDb",
        ["sqlalchemy"] = "MicroFlask.Sessions.Sql",
        ["sql"] = "MicroFlask.Sessions.Sql",
    };

    // Declared before TypeKeys, which uses it: static fields start in this order.
    private static readonly string[] SqlKeys =
        [
            "SESSION_SQL_URL", "SESSION_SQLALCHEMY", "SESSION_SQL_TABLE", "SESSION_SQLALCHEMY_TABLE", "SESSION_SQL_DIALECT", "SESSION_CLEANUP_N_REQUESTS",
            "SESSION_SQLALCHEMY_SCHEMA", "SESSION_SQL_SCHEMA", "SESSION_SQLALCHEMY_SEQUENCE",
        ];

    // The one list of the SESSION_* keys each type reads, beyond SharedKeys (every type) and ServerSideKeys (every
    // server-side type); UseSessionStore warns about any other SESSION_* key that is set. Add a store's key here.
    private static readonly ConcurrentDictionary<string, string[]> TypeKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["null"] = [],
        ["memory"] = ["SESSION_MEMORY_MAX_ENTRIES"],
        ["filesystem"] = ["SESSION_FILE_DIR", "SESSION_FILE_THRESHOLD", "SESSION_FILE_MODE", "SESSION_CLEANUP_N_REQUESTS"],
        ["distributedcache"] = [DistributedCacheKey],
        ["redis"] = ["SESSION_REDIS"],
        ["memcached"] = ["SESSION_MEMCACHED"],
        ["mongodb"] = ["SESSION_MONGODB", "SESSION_MONGODB_DB", "SESSION_MONGODB_COLLECT", "SESSION_CLEANUP_N_REQUESTS"],
        ["dynamodb"] = ["SESSION_DYNAMODB", "SESSION_DYNAMODB_TABLE", "SESSION_DYNAMODB_TABLE_EXISTS"],
        ["sqlalchemy"] = SqlKeys,
        ["sql"] = SqlKeys,
    };

    // Flask's own session keys, read by every session interface (the cookie's settings).
    private static readonly string[] SharedKeys =
    [
        "SESSION_TYPE", "SESSION_COOKIE_NAME", "SESSION_COOKIE_DOMAIN", "SESSION_COOKIE_PATH", "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SECURE", "SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_PARTITIONED", "SESSION_REFRESH_EACH_REQUEST",
    ];

    // What ServerSideSessionOptions.FromConfig reads.
    private static readonly string[] ServerSideKeys =
        ["SESSION_KEY_PREFIX", "SESSION_USE_SIGNER", "SESSION_PERMANENT", "SESSION_ID_LENGTH", "SESSION_STORE_TIMEOUT", "SESSION_USER_KEY"];

    /// <summary>The config key that holds the <see cref="IDistributedCache"/> of SESSION_TYPE "distributedcache".</summary>
    internal const string DistributedCacheKey = "SESSION_DISTRIBUTED_CACHE";

    static SessionStoreRegistry()
    {
        Factories["null"] = _ => new NullSessionInterface();
        Factories["memory"] = CreateMemory;
        Factories["filesystem"] = CreateFileSystem;
        Factories["distributedcache"] = CreateDistributedCache;
    }

    /// <summary>Makes <paramref name="sessionType"/> install what <paramref name="factory"/> builds (the last registration wins).</summary>
    public static void Register(string sessionType, Func<App, SessionInterface> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionType);
        ArgumentNullException.ThrowIfNull(factory);
        Factories[sessionType.Trim()] = factory;
    }

    /// <summary>
    /// Makes <paramref name="sessionType"/> install what <paramref name="factory"/> builds, and names the SESSION_* keys it
    /// reads beyond the shared ones, so that <see cref="App.UseSessionStore"/> does not warn about them.
    /// </summary>
    public static void Register(string sessionType, Func<App, SessionInterface> factory, IEnumerable<string> configKeys)
    {
        ArgumentNullException.ThrowIfNull(configKeys);
        Register(sessionType, factory);
        TypeKeys[sessionType.Trim()] = [.. configKeys];
    }

    /// <summary>
    /// Names the assembly whose module initializer registers <paramref name="sessionType"/>, so that
    /// <see cref="Resolve"/> can load it by name in an app that never touched one of its types.
    /// </summary>
    public static void RegisterPackage(string sessionType, string assemblyName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionType);
        ArgumentException.ThrowIfNullOrWhiteSpace(assemblyName);
        KnownAssemblies[sessionType.Trim()] = assemblyName.Trim();
    }

    /// <summary>
    /// The factory for <paramref name="sessionType"/>, loading its package when it is a known one not loaded yet.
    /// </summary>
    /// <exception cref="InvalidOperationException">An unknown type, or a known one whose package is not referenced.</exception>
    internal static Func<App, SessionInterface> Resolve(string sessionType)
    {
        ArgumentNullException.ThrowIfNull(sessionType);
        var type = sessionType.Trim();
        if (Factories.TryGetValue(type, out var factory)) return factory;
        if (KnownAssemblies.TryGetValue(type, out var assemblyName))
        {
            LoadStoreAssembly(type, assemblyName);
            if (Factories.TryGetValue(type, out factory)) return factory;
            throw new InvalidOperationException($"SESSION_TYPE \"{type}\": {assemblyName} was loaded but did not register \"{type}\".");
        }
        throw new InvalidOperationException($"SESSION_TYPE \"{type}\" is not a session type. Use one of {KnownTypes()}, or register it with SessionStoreRegistry.Register.");
    }

    /// <summary>Every type name, quoted and sorted, for error messages: "dynamodb", "filesystem", ...</summary>
    internal static string KnownTypes() =>
        string.Join(", ", Factories.Keys.Concat(KnownAssemblies.Keys).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).Select(k => "\"" + k + "\""));

    /// <summary>The SESSION_* keys in <paramref name="config"/> that <paramref name="sessionType"/> does not read, with a hint for each.</summary>
    internal static IEnumerable<(string Key, string Hint)> UnreadKeys(Config config, string sessionType)
    {
        var type = sessionType.Trim();
        var serverSide = !string.Equals(type, "null", StringComparison.OrdinalIgnoreCase);
        var read = new HashSet<string>(SharedKeys, StringComparer.Ordinal);
        if (serverSide) read.UnionWith(ServerSideKeys);
        if (TypeKeys.TryGetValue(type, out var own)) read.UnionWith(own);
        var known = new HashSet<string>(SharedKeys.Concat(ServerSideKeys).Concat(TypeKeys.Values.SelectMany(k => k)), StringComparer.Ordinal);
        foreach (var key in config.Keys.Where(k => k.StartsWith("SESSION_", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (read.Contains(key)) continue;
            if (known.Contains(key))
            {
                var owners = TypeKeys.Where(p => p.Value.Contains(key)).Select(p => "\"" + p.Key + "\"").Order(StringComparer.Ordinal);
                yield return (key, $"only SESSION_TYPE {string.Join(" or ", owners)} reads it, not \"{type}\"");
            }
            else
            {
                var near = known.Where(k => key.StartsWith(k, StringComparison.Ordinal) || EditDistance(key, k) <= 2).Order(StringComparer.Ordinal).FirstOrDefault();
                yield return (key, near is null ? "MicroFlask has no such setting" : $"MicroFlask has no such setting; did you mean {near}?");
            }
        }
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    private static void LoadStoreAssembly(string type, string assemblyName)
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(assemblyName));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new InvalidOperationException(
                $"SESSION_TYPE \"{type}\" needs the {assemblyName} package: add a reference to it (dotnet add package {assemblyName}).", e);
        }
        // Loading does not run a module initializer; this does, once, and that registers the store's types.
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
    }

    private static SessionInterface CreateMemory(App app)
    {
        var maxEntries = app.Config.GetLong("SESSION_MEMORY_MAX_ENTRIES") ?? MemorySessionStore.DefaultMaxEntries;
        if (maxEntries is < 1 or > int.MaxValue)
            throw new InvalidOperationException($"SESSION_MEMORY_MAX_ENTRIES is {maxEntries}: it must be from 1 to {int.MaxValue}.");
        return new MemorySessionInterface(ServerSideSessionOptions.FromConfig(app.Config), new AppTimeProvider(app), (int)maxEntries);
    }

    private static SessionInterface CreateFileSystem(App app)
    {
        var directory = app.Config.GetString("SESSION_FILE_DIR");
        if (string.IsNullOrEmpty(directory)) directory = Path.Combine(Environment.CurrentDirectory, "flask_session");
        var threshold = app.Config.GetLong("SESSION_FILE_THRESHOLD") ?? 500;
        if (threshold < 1) throw new InvalidOperationException($"SESSION_FILE_THRESHOLD is {threshold}: it must be at least 1.");
        var options = ServerSideSessionOptions.FromConfig(app.Config);
        var store = new FileSystemSessionStore(directory, (int)threshold, new AppTimeProvider(app))
        {
            Logger = app.Logger,
            FilePermissions = FileMode(app.Config),
            SynchronousLockTimeout = options.OperationTimeout,
        };
        return new FileSystemSessionInterface(store, options);
    }

    /// <summary>
    /// SESSION_FILE_MODE: a number as Flask-Session takes it (384, Python's <c>0o600</c>), or text read as octal ("600",
    /// "0600", "0o600"), the way a mode is written everywhere else.
    /// </summary>
    private static UnixFileMode FileMode(Config config)
    {
        const UnixFileMode defaultMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var value = config["SESSION_FILE_MODE"];
        long? mode = value switch
        {
            null => (long)defaultMode,
            string text => ParseOctal(text),
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } element => ParseOctal(element.GetString()!),
            _ => config.GetLong("SESSION_FILE_MODE"),
        };
        if (mode is not { } bits || bits is < 0 or > 511 || ((UnixFileMode)bits & UnixFileMode.UserRead) == 0)
            throw new InvalidOperationException(
                $"SESSION_FILE_MODE is {value}: it must be a file mode the app's user can read, such as 384 (Python's 0o600) or \"0600\" (octal text), at most 0777.");
        return (UnixFileMode)bits;
    }

    private static long? ParseOctal(string text)
    {
        var digits = text.Trim();
        if (digits.StartsWith("0o", StringComparison.OrdinalIgnoreCase)) digits = digits[2..];
        if (digits.Length is 0 or > 4 || !digits.All(c => c is >= '0' and <= '7')) return null;
        return Convert.ToInt64(digits, 8);
    }

    private static SessionInterface CreateDistributedCache(App app)
    {
        var cache = FindDistributedCache(app) ?? throw new InvalidOperationException(
            $"SESSION_TYPE is \"distributedcache\" but no IDistributedCache was given: set app.Config[\"{DistributedCacheKey}\"] to one "
            + "(a RedisCache, SqlServerCache, MemoryDistributedCache...), or register one in the app's services "
            + "(app.ConfigureServices(services => services.AddDistributedMemoryCache()), or app.Services) before UseSessionStore(). "
            + "Mounted in ASP.NET Core, mount the app (MapMicroFlask or UseMicroFlask) before UseSessionStore(): it then finds the host's IDistributedCache.");
        var sessions = new ServerSideSessionInterface(new DistributedCacheSessionStore(cache, new AppTimeProvider(app)), ServerSideSessionOptions.FromConfig(app.Config));
        SessionConfigLog.LastWriteWins(app.Logger, sessions.StoreName);
        return sessions;
    }

    /// <summary>
    /// The one place the "distributedcache" type finds its cache: SESSION_DISTRIBUTED_CACHE, else the app's services:
    /// <see cref="App.Services"/> when the app was given a provider (or has built its own), else one registered with
    /// <see cref="App.ConfigureServices"/>, taken from the provider the app builds when it starts.
    /// </summary>
    private static IDistributedCache? FindDistributedCache(App app) => app.Config[DistributedCacheKey] switch
    {
        IDistributedCache cache => cache,
        null when app.Services is { } services => services.GetService(typeof(IDistributedCache)) as IDistributedCache,
        null when app.WillProvide(typeof(IDistributedCache)) => new StartedAppDistributedCache(app),
        null => null,
        var other => throw new InvalidOperationException(
            $"{DistributedCacheKey} must be an IDistributedCache, not a {other.GetType().Name}: set it to the cache instance."),
    };
}
