using System.Runtime.CompilerServices;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.Redis;

/// <summary>Registers SESSION_TYPE "redis" when <c>app.UseSessionStore()</c> loads this assembly by name.</summary>
internal static class RedisSessionModule
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Registration by loading is the design: SessionStoreRegistry loads this assembly for SESSION_TYPE \"redis\".")]
    internal static void Register() => SessionStoreRegistry.Register("redis", RedisSessionInterface.FromConfig);
}
