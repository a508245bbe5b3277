using System.Runtime.CompilerServices;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.Memcached;

/// <summary>Registers SESSION_TYPE "memcached" when <c>app.UseSessionStore()</c> loads this assembly by name.</summary>
internal static class MemcachedSessionModule
{
    // A module initializer is how a store joins the registry without the core referencing its driver;
    // CA2255 warns against them in libraries, but running once at load is exactly what is wanted here.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => SessionStoreRegistry.Register("memcached", MemcachedSessionInterface.FromConfig);
}
