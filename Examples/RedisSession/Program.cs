using System.Collections;
using MicroFlask;
using MicroFlask.Http;
using MicroFlask.Sessions.ServerSide;

// Flask-Session's Redis example: `dotnet run --project Examples/RedisSession`, then open http://127.0.0.1:5000/login
// Needs a Redis on 127.0.0.1:6379 (scripts/services.sh start), or MICROFLASK_SESSION_REDIS=host:port.
var app = RedisSessionApp.CreateApp();
app.Run(args);

/// <summary>Builds the Redis session example, so that tests serve the very same app.</summary>
public static class RedisSessionApp
{
    /// <summary>
    /// The app, configured from MICROFLASK_* variables (of <paramref name="environment"/>, else the process):
    /// SESSION_TYPE defaults to "redis" and SESSION_REDIS to 127.0.0.1:6379.
    /// </summary>
    public static App CreateApp(IDictionary? environment = null)
    {
        var app = new App("redis-session");
        app.Config["SESSION_TYPE"] = "redis";
        app.Config["SESSION_REDIS"] = "127.0.0.1:6379";
        // Only for signing ids when SESSION_USE_SIGNER is set; set MICROFLASK_SECRET_KEY in production.
        app.SecretKey = "dev-only-secret-key";
        app.Config.FromPrefixedEnv(environment: environment);
        app.UseSessionStore();

        app.Route("/login", () =>
        {
            // A new id at login: an id planted before (session fixation) is worth nothing afterwards.
            if (App.Current.SessionInterface is ServerSideSessionInterface serverSide) serverSide.Regenerate(Session.Current);
            Session.Current["user"] = "alice";
            return App.Redirect("/index");
        });
        app.Route("/index", () => Session.Current.TryGetValue("user", out var user)
            ? $"Logged in as {Markup.Escape(user?.ToString() ?? "")}"
            : "Not logged in: go to /login");
        return app;
    }
}
