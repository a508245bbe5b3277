using System.Runtime.CompilerServices;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.DynamoDb;

/// <summary>Registers SESSION_TYPE "dynamodb" when <c>app.UseSessionStore()</c> loads this assembly by name.</summary>
internal static class DynamoDbSessionModule
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Registration by loading is the design: SessionStoreRegistry loads this assembly for SESSION_TYPE \"dynamodb\".")]
    internal static void Register() => SessionStoreRegistry.Register("dynamodb", DynamoDbSessionInterface.FromConfig);
}
