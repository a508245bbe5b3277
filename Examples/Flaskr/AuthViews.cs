using MicroFlask;
using MicroFlask.Blueprints;
using MicroFlask.Http;
using Microsoft.Data.Sqlite;
using static MicroFlask.Templating.Templates;

/// <summary>The tutorial's <c>auth</c> blueprint: register, log in, log out; <c>g.user</c> for every request.</summary>
public static class AuthViews
{
    /// <summary>The blueprint, mounted at /auth; also loads the logged-in user before each of the app's requests.</summary>
    public static Blueprint Create(App app)
    {
        var bp = new Blueprint("auth", urlPrefix: "/auth");
        // Flask's @bp.before_app_request: for every request of the app, not only this blueprint's.
        app.BeforeRequestAsync(LoadLoggedInUserAsync);
        bp.Route("/register", Register, methods: ["GET", "POST"]);
        bp.Route("/login", Login, methods: ["GET", "POST"]);
        bp.Get("/logout", Logout);
        return bp;
    }

    /// <summary>The redirect to the login page when nobody is logged in (the tutorial's <c>@login_required</c>), else null.</summary>
    public static Response? LoginRequired() =>
        G.Current["user"] is null ? App.Redirect(App.Current.UrlFor("auth.login")) : null;

    private static async Task<object?> LoadLoggedInUserAsync()
    {
        var userId = Session.Current.TryGetValue("user_id", out var id) ? id : null;
        G.Current["user"] = userId is null ? null : await Db.QueryOneAsync("SELECT * FROM user WHERE id = ?", userId);
        return null;
    }

    private static async Task<object> Register(Request request)
    {
        if (request.Method == "POST")
        {
            var username = request.Form.Get("username") ?? "";
            var password = request.Form.Get("password") ?? "";
            string? error = null;

            if (username.Length == 0) error = "Username is required.";
            else if (password.Length == 0) error = "Password is required.";

            if (error is null)
            {
                try
                {
                    await Db.ExecuteAsync("INSERT INTO user (username, password) VALUES (?, ?)", username, PasswordHash.Generate(password, Iterations()));
                    return App.Redirect(App.Current.UrlFor("auth.login"));
                }
                catch (SqliteException e) when (e.SqliteErrorCode == 19)
                {
                    // The username was already taken (a UNIQUE constraint).
                    error = $"User {username} is already registered.";
                }
            }
            Flash.Add(error);
        }
        return RenderTemplate("auth/register.html");
    }

    private static async Task<object> Login(Request request)
    {
        if (request.Method == "POST")
        {
            var username = request.Form.Get("username") ?? "";
            var password = request.Form.Get("password") ?? "";
            string? error = null;
            var user = await Db.QueryOneAsync("SELECT * FROM user WHERE username = ?", username);

            if (user is null) error = "Incorrect username.";
            else if (!PasswordHash.Check((string)user["password"]!, password)) error = "Incorrect password.";

            if (error is null)
            {
                // A new session holding only the user id.
                Session.Current.Clear();
                Session.Current["user_id"] = user!["id"];
                return App.Redirect(App.Current.UrlFor("index"));
            }
            Flash.Add(error);
        }
        return RenderTemplate("auth/login.html");
    }

    private static Response Logout()
    {
        Session.Current.Clear();
        return App.Redirect(App.Current.UrlFor("index"));
    }

    private static int Iterations() =>
        App.Current.Config["PASSWORD_HASH_ITERATIONS"] is { } value ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : PasswordHash.DefaultIterations;
}
