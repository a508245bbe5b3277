using System.Collections;
using MicroFlask;
using MicroFlask.Sessions.ServerSide;
using MicroFlask.Templating;
using Microsoft.Extensions.Logging;

/// <summary>Builds the Todo app, so that tests drive the very same one.</summary>
public static class TodoApp
{
    /// <summary>Used when MICROFLASK_SECRET_KEY is not set; anyone who reads this file can forge session ids.</summary>
    public const string DevelopmentSecretKey = "todo-development-key: set MICROFLASK_SECRET_KEY";

    /// <summary>
    /// The app, configured from <paramref name="environment"/> (the process environment by default):
    /// MICROFLASK_SECRET_KEY, and MICROFLASK_SESSION_TYPE / MICROFLASK_SESSION_SQL_URL to keep sessions elsewhere.
    /// </summary>
    public static App Create(IDictionary? environment = null)
    {
        var app = new App("todo");

        // Defaults first, so that MICROFLASK_* variables override them: sessions in an SQLite file next to the app's
        // binary (not in whatever folder it was started from), ids signed.
        app.Config["SESSION_TYPE"] = "sqlalchemy";
        app.Config["SESSION_SQL_URL"] = "Data Source=" + Path.Combine(AppContext.BaseDirectory, "todo-sessions.db");
        app.Config["SESSION_USE_SIGNER"] = true;
        app.Config["SESSION_COOKIE_SAMESITE"] = "Lax";
        // The login writes the user under "user": each session records it, so /sessions lists the user's devices.
        app.Config["SESSION_USER_KEY"] = "user";
        app.Config.FromPrefixedEnv(environment: environment);
        if (string.IsNullOrEmpty(app.SecretKey))
        {
            app.SecretKey = DevelopmentSecretKey;
            app.Logger.LogWarning("MICROFLASK_SECRET_KEY is not set: using a development key. Set it before serving real users.");
        }
        app.UseSessionStore();

        // Every template can show who is logged in.
        app.ContextProcessor(() => new Dictionary<string, object?> { ["user"] = Session.Current.GetString("user") });

        app.Route("/", () => App.Redirect(app.UrlFor("todos.index")), endpoint: "index");
        app.RegisterBlueprint(AuthViews.Create());
        app.RegisterBlueprint(TodoViews.Create());
        app.RegisterBlueprint(SessionsViews.Create());
        app.ErrorHandler(404, _ => (Templates.RenderTemplate("404.html"), 404));
        return app;
    }

    /// <summary>Gives the session a new id when the store supports it; called at login against session fixation.</summary>
    internal static void RegenerateSession(App app)
    {
        if (app.SessionInterface is ServerSideSessionInterface serverSide) serverSide.Regenerate(Session.Current);
    }
}
