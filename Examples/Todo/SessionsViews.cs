using System.Globalization;
using MicroFlask;
using MicroFlask.Blueprints;
using MicroFlask.Http;
using static MicroFlask.Templating.Templates;

/// <summary>
/// The "sessions" blueprint: the devices the current user is logged in on (SESSION_USER_KEY "user"), with a button to log
/// one out and one to log out everywhere.
/// </summary>
public static class SessionsViews
{
    /// <summary>The blueprint, mounted at /sessions.</summary>
    public static Blueprint Create()
    {
        var sessions = new Blueprint("sessions", urlPrefix: "/sessions");
        sessions.BeforeRequest(RequireLogin);
        sessions.Get("/", Index, endpoint: "index");
        sessions.Post("/<handle>/revoke", Revoke, endpoint: "revoke");
        sessions.Post("/logout-everywhere", LogoutEverywhere, endpoint: "logout_everywhere");
        return sessions;
    }

    private static string CurrentUser => Session.Current.GetString("user")!;

    private static object? RequireLogin()
    {
        if (Session.Current.ContainsKey("user")) return null;
        Flash.Add("Please log in first.", "error");
        return App.Redirect(App.Current.UrlFor("auth.login"));
    }

    private static async Task<string> Index()
    {
        var sessions = (await UserSessions.ListAsync(CurrentUser)).Select(s => new
        {
            handle = s.Handle,
            created = s.Created.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            lastSeen = s.LastSeen.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            agent = s.UserAgent ?? "unknown browser",
            address = s.RemoteAddress ?? "",
            current = s.IsCurrent,
        }).ToList();
        return RenderTemplate("sessions.html", new { sessions });
    }

    private static async Task<Response> Revoke(string handle, App app)
    {
        var user = CurrentUser;
        Flash.Add(await UserSessions.RevokeAsync(user, handle) ? "That device is logged out." : "That session had already ended.");
        // Revoking this very device logs it out: back to the login page, as a logout.
        return App.Redirect(app.UrlFor(Session.Current.ContainsKey("user") ? "sessions.index" : "auth.login"));
    }

    private static async Task<Response> LogoutEverywhere(App app)
    {
        var ended = await UserSessions.RevokeAllAsync(CurrentUser);
        Flash.Add(ended == 1 ? "You are logged out." : $"You are logged out on {ended} devices.");
        return App.Redirect(app.UrlFor("auth.login"));
    }
}
