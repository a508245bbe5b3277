using System.Collections;
using MicroFlask;
using MicroFlask.Http;
using MicroFlask.Sessions.ServerSide;

// Server-side sessions in SQLite, no server to install: `dotnet run --project Examples/SqlSession`, then open
// http://127.0.0.1:5000/login?user=alice. MICROFLASK_SESSION_TYPE and MICROFLASK_SESSION_SQL_URL point it elsewhere
// (e.g. MICROFLASK_SESSION_SQL_URL="Host=127.0.0.1;Port=5433;Username=…;Password=…;Database=…" for PostgreSQL).
var app = SqlSessionApp.Create();
app.Run(args);

/// <summary>Builds the example app, so that tests serve the very same one.</summary>
public static class SqlSessionApp
{
    /// <summary>The app, configured from <paramref name="environment"/> (the process environment by default).</summary>
    public static App Create(IDictionary? environment = null)
    {
        var app = new App("sqlsession");
        // Defaults first, so that MICROFLASK_* variables override them.
        app.Config["SESSION_TYPE"] = "sqlalchemy";
        app.Config["SESSION_SQL_URL"] = "Data Source=sessions.db";
        app.Config.FromPrefixedEnv(environment: environment);
        app.UseSessionStore();

        app.Route("/login", () =>
        {
            // A new id at login: an id planted before (session fixation) is worth nothing afterwards.
            if (app.SessionInterface is ServerSideSessionInterface serverSide) serverSide.Regenerate(Session.Current);
            Session.Current["user"] = Request.Current.Args.Get("user") ?? "alice";
            return App.Redirect("/index");
        });
        app.Route("/index", () => Session.Current.GetString("user") is { } user
            ? $"Logged in as {Markup.Escape(user)}"
            : "Not logged in");
        app.Route("/logout", () =>
        {
            Session.Current.Clear();
            return App.Redirect("/index");
        });
        return app;
    }
}
