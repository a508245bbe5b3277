using System.Runtime.CompilerServices;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.MongoDb;

/// <summary>Registers SESSION_TYPE "mongodb" when <c>app.UseSessionStore()</c> loads this assembly by name.</summary>
internal static class MongoDbSessionModule
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Registration by loading is the design: SessionStoreRegistry loads this assembly for SESSION_TYPE \"mongodb\".")]
    internal static void Register() => SessionStoreRegistry.Register("mongodb", MongoDbSessionInterface.FromConfig);
}
