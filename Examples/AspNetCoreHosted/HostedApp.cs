using System.Collections;
using MicroFlask.AspNetCore;
using Microsoft.AspNetCore.HttpOverrides;

/// <summary>
/// The ASP.NET Core host: forwarded headers and response compression in front of everything, a minimal-API endpoint
/// (<c>/api/me</c>) and the MicroFlask app mounted at <c>/flask</c>. Built here so that the tests start the very app
/// that <c>dotnet run</c> serves.
/// </summary>
public static class HostedApp
{
    /// <summary>
    /// Builds the host. <paramref name="environment"/> configures the MicroFlask app (MICROFLASK_SECRET_KEY...; the
    /// process environment by default); <paramref name="configure"/> lets a test choose the server (TestServer, port 0).
    /// </summary>
    public static WebApplication Build(string[] args, IDictionary? environment = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Behind a reverse proxy that terminates TLS: the scheme and client address come from its headers. Only
        // loopback proxies are trusted by default; add yours to KnownProxies / KnownNetworks.
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        builder.Services.AddResponseCompression();
        configure?.Invoke(builder);

        var flask = FlaskApp.Create(environment);
        var web = builder.Build();
        web.UseForwardedHeaders();
        web.UseResponseCompression();

        web.MapGet("/", () => Results.Content(
            """<p>This is ASP.NET Core. <a href="/flask/">The Flask app</a> · <a href="/api/me">/api/me</a></p>""", "text/html"));

        // Already moved to a minimal API: who is logged in, from the session the Flask app's login wrote.
        web.MapGet("/api/me", async (HttpContext context) =>
        {
            var session = await context.OpenMicroFlaskSessionAsync(flask);
            return Results.Json(new { username = session.GetString("username") });
        });

        // Moved too: logging out writes the same session back (its Set-Cookie), as the Flask app's /logout did.
        web.MapPost("/api/logout", async (HttpContext context) =>
        {
            var session = await context.OpenMicroFlaskSessionAsync(flask);
            session.Pop("username");
            await context.SaveMicroFlaskSessionAsync(flask, session);
            return Results.NoContent();
        });

        // Everything else is still the Flask app's, under /flask.
        web.MapMicroFlask("/flask", flask);
        return web;
    }
}
