using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using MicroFlask.Sessions;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// What each SESSION_TYPE installs, for <see cref="App.UseSessionStore"/>. "null", "memory" and "filesystem" are
/// built in; "redis", "memcached", "mongodb" and "sqlalchemy"/"sql" live in their own packages, loaded by name
/// when asked for (their module initializer calls <see cref="Register"/>). Register your own type the same way.
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
        ["sqlalchemy"] = "MicroFlask.Sessions.Sql",
        ["sql"] = "MicroFlask.Sessions.Sql",
    };

    static SessionStoreRegistry()
    {
        Factories["null"] = _ => new NullSessionInterface();
        Factories["memory"] = CreateMemory;
        Factories["filesystem"] = CreateFileSystem;
    }

    /// <summary>Makes <paramref name="sessionType"/> install what <paramref name="factory"/> builds (the last registration wins).</summary>
    public static void Register(string sessionType, Func<App, SessionInterface> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionType);
        ArgumentNullException.ThrowIfNull(factory);
        Factories[sessionType.Trim()] = factory;
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
        var known = string.Join(", ", Factories.Keys.Concat(KnownAssemblies.Keys).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).Select(k => "\"" + k + "\""));
        throw new InvalidOperationException($"SESSION_TYPE \"{type}\" is not a session type. Use one of {known}, or register it with SessionStoreRegistry.Register.");
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
        return new FileSystemSessionInterface(directory, (int)threshold, ServerSideSessionOptions.FromConfig(app.Config), new AppTimeProvider(app), app.Logger);
    }
}
