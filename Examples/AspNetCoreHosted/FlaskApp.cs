using System.Collections;
using MicroFlask;
using Microsoft.Extensions.Logging;
// Sdk.Web brings ASP.NET Core's ISession into scope too; the views take MicroFlask's.
using ISession = MicroFlask.ISession;

/// <summary>The part of the app that is still Flask's: a login form and a page, on the signed-cookie session.</summary>
public static class FlaskApp
{
    /// <summary>Used when MICROFLASK_SECRET_KEY is not set; anyone who reads this file can forge its cookies.</summary>
    public const string DevelopmentSecretKey = "development-only-secret-key: set MICROFLASK_SECRET_KEY";

    private const string LoginForm = """
        <!doctype html>
        <title>Log in</title>
        <form method="post">
          <p><label>Name <input type="text" name="username"></label>
          <p><input type="submit" value="Log in">
        </form>
        """;

    /// <summary>Creates the app, configured from MICROFLASK_* variables in <paramref name="environment"/> (the process environment by default).</summary>
    public static App Create(IDictionary? environment = null)
    {
        var app = new App("flask");
        app.Config.FromPrefixedEnv(environment: environment);
        if (string.IsNullOrEmpty(app.SecretKey))
        {
            app.SecretKey = DevelopmentSecretKey;
            app.Logger.LogWarning("MICROFLASK_SECRET_KEY is not set: using a development key. Set it to the output of `openssl rand -hex 32` before serving real users.");
        }

        app.Route("/", Index);
        app.Route("/login", Login, methods: ["GET", "POST"]);
        app.Route("/logout", Logout);
        return app;
    }

    // UrlFor builds under the mount path: "/flask/login", from SCRIPT_NAME.
    private static string Index(ISession session, App app) =>
        session.GetString("username") is { } name
            ? $"<!doctype html><p>Logged in as {Markup.Escape(name)}. <a href=\"{app.UrlFor("logout")}\">Log out</a> · <a href=\"/api/me\">/api/me</a>"
            : $"<!doctype html><p>You are not logged in. <a href=\"{app.UrlFor("login")}\">Log in</a>";

    private static object Login(Request request, ISession session, App app)
    {
        if (request.Method != "POST") return LoginForm;
        var name = request.Form.Get("username");
        if (string.IsNullOrWhiteSpace(name)) return ("A name is needed to log in.", 400);
        session["username"] = name;
        return Response.Redirect(app.UrlFor("index"));
    }

    private static Response Logout(ISession session, App app)
    {
        session.Pop("username");
        return Response.Redirect(app.UrlFor("index"));
    }
}
