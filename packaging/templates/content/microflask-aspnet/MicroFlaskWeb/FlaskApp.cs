using System.Collections;
using MicroFlask;
using MicroFlask.Http;
using MicroFlask.Sessions;
// The Web SDK brings ASP.NET Core's ISession into scope too; the views take MicroFlask's.
using ISession = MicroFlask.ISession;
using Microsoft.Extensions.Logging;
using static MicroFlask.Templating.Templates;

namespace MicroFlaskWeb;

/// <summary>The MicroFlask app: log in and out on the signed-cookie session. Program.cs mounts it; the tests build their own.</summary>
public static class FlaskApp
{
    /// <summary>Used when MICROFLASK_SECRET_KEY is not set; anyone who reads this file can forge its cookies.</summary>
    public const string DevelopmentSecretKey = "development-only: set MICROFLASK_SECRET_KEY";

    /// <summary>
    /// Creates the MicroFlask app, configured from MICROFLASK_* variables in <paramref name="environment"/> (the process
    /// environment by default), e.g. MICROFLASK_SECRET_KEY and MICROFLASK_DEBUG.
    /// </summary>
    public static App Create(IDictionary? environment = null)
    {
        var app = new App("MicroFlaskWeb");
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

    private static string Index(ISession session, App app) =>
        session.GetString("username") is { } name
            ? Page("index.html", $"Logged in as {name}", app.UrlFor("logout"), "Log out")
            : Page("index.html", "You are not logged in", app.UrlFor("login"), "Log in");

    private static object Login(Request request, ISession session, App app)
    {
        if (request.Method != "POST") return RenderTemplate("login.html", new { title = "Log in", style = app.UrlFor("static", new { filename = "style.css" }) });

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

    // The template only prints values ({{ name }}, escaped): the choices are made here, in C#.
    private static string Page(string template, string message, string actionUrl, string actionLabel) =>
        RenderTemplate(template, new
        {
            title = "MicroFlaskWeb",
            message,
            action_url = actionUrl,
            action_label = actionLabel,
            style = App.Current.UrlFor("static", new { filename = "style.css" }),
        });
}
