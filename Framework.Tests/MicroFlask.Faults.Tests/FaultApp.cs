using Microsoft.Extensions.Logging;

namespace MicroFlask.Faults.Tests;

/// <summary>The app every fault scenario drives: a session store from config, a view that sets a key, one that reads it (synchronously or after LoadAsync), and one that never touches the session.</summary>
internal static class FaultApp
{
    /// <param name="logs">Where the app logs, for the checks on outage lines.</param>
    /// <param name="storeTimeout">SESSION_STORE_TIMEOUT.</param>
    /// <param name="configure">Sets SESSION_TYPE and the store's connection key.</param>
    internal static App Create(ILoggerProvider logs, TimeSpan storeTimeout, Action<Config> configure)
    {
        var app = new App("faults") { LoggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs)) };
        app.SecretKey = "fault-tests-secret-key";
        app.Config["SESSION_STORE_TIMEOUT"] = storeTimeout;
        app.Config["SESSION_KEY_PREFIX"] = "faults:";
        configure(app.Config);
        app.UseSessionStore();
        app.Route("/set/<key>/<value>", (string key, string value) =>
        {
            Session.Current[key] = value;
            return "ok";
        });
        // Touches the session synchronously: on a lazy store, the driver's blocking call (bounded by its own timeout).
        app.Route("/get/<key>", (string key) => Session.Current.GetString(key) ?? "<none>");
        app.Route("/load-async/<key>", async (string key) =>
        {
            await Session.Current.LoadAsync();
            return Session.Current.GetString(key) ?? "<none>";
        });
        app.Route("/hello", () => "hello");
        return app;
    }
}
