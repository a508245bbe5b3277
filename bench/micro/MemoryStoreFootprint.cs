using MicroFlask.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroFlask.Micro;

/// <summary>
/// What 100,000 small sessions cost the memory store (issue 14: under 60 MB): made through the app as logins would
/// make them (a user id and a token each), measured as the growth of the managed heap after a full collection.
/// </summary>
internal static class MemoryStoreFootprint
{
    private const int Sessions = 100_000;

    public static async Task<int> RunAsync()
    {
        var app = new App("footprint") { LoggerFactory = NullLoggerFactory.Instance, SecretKey = "footprint-secret" };
        app.Config["SESSION_TYPE"] = "memory";
        app.UseSessionStore();
        app.Route("/login", () =>
        {
            Session.Current["user_id"] = 12345;
            Session.Current["csrf"] = "0123456789abcdef0123456789abcdef";
            return "ok";
        });
        // Warm-up: the JIT, the caches and the store's own tables are not what is measured.
        for (var i = 0; i < 1_000; i++) await app.WsgiApp(new EnvironBuilder("GET", "/login").Build());
        var before = FullyCollectedHeap();
        for (var i = 0; i < Sessions; i++) await app.WsgiApp(new EnvironBuilder("GET", "/login").Build());
        var grown = FullyCollectedHeap() - before;
        Console.WriteLine($"memory store: {Sessions:N0} sessions hold {grown / 1e6:F1} MB of managed heap ({grown / (double)Sessions:F0} B each)");
        GC.KeepAlive(app);
        return 0;
    }

    private static long FullyCollectedHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
