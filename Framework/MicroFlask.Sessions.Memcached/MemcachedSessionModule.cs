using System.Runtime.CompilerServices;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.Memcached;

/// <summary>Registers SESSION_TYPE "memcached" when <c>app.UseSessionStore()</c> loads this assembly by name.</summary>
internal static class MemcachedSessionModule
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Registration by loading is the design: SessionStoreRegistry loads this assembly for SESSION_TYPE \"memcached\".")]
    internal static void Register() => SessionStoreRegistry.Register("memcached", MemcachedSessionInterface.FromConfig);
}
