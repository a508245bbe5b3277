using System.Collections;
using MicroFlask;
using MicroFlask.Http;
using MicroFlask.Sessions;

/// <summary>
/// The login example on <see cref="MySessionInterface"/>: the same views, the session kept on the server. Built
/// here so that tests drive the very same app through the test client.
/// </summary>
public static class CustomSessionApp
{
    /// <summary>Creates the app; the secret key comes from MICROFLASK_SECRET_KEY, with a development default.</summary>
    public static App Create(IDictionary? environment = null)
    {
        var app = new App("custom-session") { SessionInterface = new MySessionInterface() };
        app.Config.FromPrefixedEnv(environment: environment);
        if (string.IsNullOrEmpty(app.SecretKey))
        {
            app.SecretKey = "development-only-secret-key: set MICROFLASK_SECRET_KEY";
        }

        app.Route("/", (ISession session) =>
            session.GetString("username") is { } name ? $"Logged in as {Markup.Escape(name)}" : "You are not logged in");
        app.Route("/login", object (Request request, ISession session) =>
        {
            if (request.Method != "POST")
            {
                return """<form method="post"><p><input type=text name=username><p><input type=submit value=Login></form>""";
            }

            session["username"] = request.Form.Get("username") ?? throw App.Abort(400, "The form has no username field.");
            return Response.Redirect(app.UrlFor("index"));
        }, methods: ["GET", "POST"]);
        app.Route("/logout", (ISession session) =>
        {
            session.Pop("username");
            return Response.Redirect(app.UrlFor("index"));
        });
        return app;
    }
}
