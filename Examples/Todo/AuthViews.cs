using MicroFlask;
using MicroFlask.Blueprints;
using MicroFlask.Http;
using static MicroFlask.Templating.Templates;

/// <summary>The "auth" blueprint: log in with a name, log out. No passwords: the example is about the framework.</summary>
public static class AuthViews
{
    /// <summary>The blueprint, mounted at /auth.</summary>
    public static Blueprint Create()
    {
        var auth = new Blueprint("auth", urlPrefix: "/auth");
        auth.Route("/login", Login, methods: ["GET", "POST"]);
        auth.Post("/logout", Logout);
        return auth;
    }

    private static object Login(Request request, App app)
    {
        if (request.Method == "GET") return RenderTemplate("login.html");

        var name = (request.Form.Get("username") ?? "").Trim();
        if (name.Length == 0)
        {
            Flash.Add("Please enter a name.", "error");
            return (RenderTemplate("login.html"), 400);
        }
        TodoApp.RegenerateSession(app);
        Session.Current["user"] = name;
        Session.Current.Permanent = request.Form.Get("remember") == "on";
        Flash.Add($"Welcome, {name}!");
        return App.Redirect(app.UrlFor("todos.index"));
    }

    private static Response Logout(App app)
    {
        Session.Current.Clear();
        Flash.Add("You are logged out.");
        return App.Redirect(app.UrlFor("auth.login"));
    }
}
