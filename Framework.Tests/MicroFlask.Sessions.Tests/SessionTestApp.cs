using System.Collections.Concurrent;
using MicroFlask.Sessions.ServerSide;
using Microsoft.Extensions.Logging;

namespace MicroFlask.Sessions.Tests;

/// <summary>
/// The one place session tests build apps: a secret key, quiet (or captured) logging, and small views that read and
/// write the session: /set/KEY/VALUE, /get/KEY, /keys, /remove/KEY, /clear, /login/USER (regenerates the id),
/// /touch (no session access), /gate/NAME/KEY/VALUE (sets KEY, opens gate "entered:NAME", then waits until the test opens gate NAME).
/// </summary>
public static class SessionTestApp
{
    public const string SecretKey = "session-tests-secret-key";

    /// <summary>An app whose sessions go through <paramref name="sessionInterface"/>.</summary>
    public static App Create(SessionInterface sessionInterface, TimeProvider? clock = null, ListLoggerProvider? logs = null, Gates? gates = null)
    {
        var app = new App("session-tests")
        {
            LoggerFactory = logs is null ? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance : LoggerFactory.Create(b => b.AddProvider(logs)),
        };
        app.SecretKey = SecretKey;
        if (clock is not null) app.TimeProvider = clock;
        app.SessionInterface = sessionInterface;
        AddViews(app, gates ?? new Gates());
        return app;
    }

    /// <summary>Adds the session views to <paramref name="app"/>.</summary>
    public static void AddViews(App app, Gates gates)
    {
        app.Route("/set/<key>/<value>", (string key, string value) =>
        {
            Session.Current[key] = value;
            return "ok";
        });
        app.Route("/get/<key>", (string key) => Session.Current.GetString(key) ?? "<none>");
        app.Route("/keys", () => string.Join(",", Session.Current.Keys.Where(k => !k.StartsWith('_')).Order(StringComparer.Ordinal)));
        app.Route("/remove/<key>", (string key) =>
        {
            Session.Current.Remove(key);
            return "ok";
        });
        app.Route("/clear", () =>
        {
            Session.Current.Clear();
            return "ok";
        });
        app.Route("/login/<user>", (string user) =>
        {
            ((ServerSideSessionInterface)App.Current.SessionInterface).Regenerate(Session.Current);
            Session.Current["user"] = user;
            return "ok";
        });
        app.Route("/touch", () => "hello");
        app.Route("/gate/<name>/<key>/<value>", async (string name, string key, string value) =>
        {
            Session.Current[key] = value;
            gates.Get("entered:" + name).TrySetResult();
            await gates.Get(name).Task;
            return "ok";
        });
    }

    /// <summary>Named gates the /gate view waits on, so a test can order concurrent saves.</summary>
    public sealed class Gates
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();

        public TaskCompletionSource Get(string name) =>
            _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        public void Open(string name) => Get(name).SetResult();
    }
}
