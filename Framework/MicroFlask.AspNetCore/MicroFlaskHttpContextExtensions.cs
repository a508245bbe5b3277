using Microsoft.AspNetCore.Http;
using ISession = MicroFlask.ISession;

namespace MicroFlask.AspNetCore;

/// <summary>
/// The MicroFlask session from an ASP.NET Core endpoint, so that a minimal API and a mounted MicroFlask app read and
/// write the same Flask session cookie (or server-side session), e.g. while routes move one by one.
/// </summary>
public static class MicroFlaskHttpContextExtensions
{
    /// <summary>
    /// Opens the session of this request through <paramref name="app"/>'s <see cref="App.SessionInterface"/>, as the
    /// app does when a request starts: a missing or badly signed cookie is an empty session.
    /// </summary>
    public static async Task<ISession> OpenMicroFlaskSessionAsync(this HttpContext context, App app)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(app);
        var request = new Request(MountedApp.CreateEnviron(context, ""));
        var session = await app.SessionInterface.OpenSessionAsync(app, request, context.RequestAborted);
        return session ?? app.SessionInterface.MakeNullSession(app);
    }

    /// <summary>
    /// Saves <paramref name="session"/> (opened by <see cref="OpenMicroFlaskSessionAsync"/>) as the app does at the end
    /// of a request: the store is written and the Set-Cookie (and <c>Vary: Cookie</c>) headers are added to this
    /// response. Call it before the body is written.
    /// </summary>
    /// <exception cref="InvalidOperationException">The response has started, so a cookie can no longer be set.</exception>
    public static async Task SaveMicroFlaskSessionAsync(this HttpContext context, App app, ISession session)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(session);
        if (context.Response.HasStarted)
            throw new InvalidOperationException("The response has started, so the session cookie cannot be set: save the MicroFlask session before writing the body (for example before returning a result that writes it).");
        if (app.SessionInterface.IsNullSession(session)) return;

        var carrier = new Response();
        await app.SessionInterface.SaveSessionAsync(app, session, carrier, context.RequestAborted);
        foreach (var (name, value) in carrier.Headers)
        {
            if (name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)) context.Response.Headers.Append(name, value);
            else if (name.Equals("Vary", StringComparison.OrdinalIgnoreCase)) AddVary(context.Response, value);
        }
    }

    private static void AddVary(HttpResponse response, string value)
    {
        foreach (var existing in response.Headers.Vary)
        {
            if (existing is not null && existing.Split(',').Any(v => v.Trim().Equals(value, StringComparison.OrdinalIgnoreCase))) return;
        }
        response.Headers.Append("Vary", value);
    }
}
