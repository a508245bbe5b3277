using System.Collections;
using MicroFlask;
using MicroFlask.Http;
using MicroFlask.Sessions;
using Microsoft.Extensions.Logging;

/// <summary>
/// Flask's classic login/logout example on the signed-cookie session. Built here so that tests drive the very
/// same app through the test client.
/// </summary>
public static class LoginApp
{
    /// <summary>Used when MICROFLASK_SECRET_KEY is not set; anyone who reads this file can forge its cookies.</summary>
    public const string DevelopmentSecretKey = "development-only-secret-key: set MICROFLASK_SECRET_KEY";

    private const string LoginForm = """
        <form action="" method="post">
          <p><input type=text name=username>
          <p><input type=submit value=Login>
        </form>
        """;

    /// <summary>
    /// Creates the app. The secret key comes from MICROFLASK_SECRET_KEY in <paramref name="environment"/>
    /// (the process environment by default); without it a development key is used and a warning says so.
    /// </summary>
    public static App Create(IDictionary? environment = null, ILoggerFactory? loggerFactory = null)
    {
        var app = new App("login");
        if (loggerFactory is not null)
        {
            app.LoggerFactory = loggerFactory;
        }

        app.Config.FromPrefixedEnv(environment: environment);
        if (string.IsNullOrEmpty(app.SecretKey))
        {
            app.SecretKey = DevelopmentSecretKey;
            app.Logger.LogWarning(
                "MICROFLASK_SECRET_KEY is not set: using a development secret key that anyone can read. " +
                "Set it to a long random value before serving real users.");
        }

        app.Route("/", Index);
        app.Route("/login", Login, methods: ["GET", "POST"]);
        app.Route("/logout", Logout);
        return app;
    }

    private static string Index(ISession session) =>
        session.GetString("username") is { } name
            ? $"Logged in as {Markup.Escape(name)}"
            : "You are not logged in";

    private static object Login(Request request, ISession session, App app)
    {
        if (request.Method != "POST")
        {
            return LoginForm;
        }

        session["username"] = request.Form.Get("username") ?? throw App.Abort(400, "The form has no username field.");
        return Response.Redirect(app.UrlFor("index"));
    }

    private static Response Logout(ISession session, App app)
    {
        // Popping a missing key is fine, as with Flask's session.pop('username', None).
        session.Pop("username");
        return Response.Redirect(app.UrlFor("index"));
    }
}
