using System.Globalization;
using MicroFlask.Hosting;
using MicroFlask.Wsgi;
using Microsoft.AspNetCore.Http;

namespace MicroFlask.AspNetCore;

/// <summary>
/// One request of an ASP.NET Core app handed to a MicroFlask app: the environ from the <see cref="HttpContext"/>'s
/// features, the same <see cref="App.WsgiApp"/> flow as a standalone app, and the response written back through the
/// same features, by the code the standalone Kestrel adapter uses.
/// </summary>
internal static class MountedApp
{
    /// <summary>Runs <paramref name="app"/> for <paramref name="context"/>, mounted at <paramref name="mountPath"/> ("" at the root).</summary>
    /// <remarks>
    /// An exception that propagates out of the flow (TESTING, DEBUG or PROPAGATE_EXCEPTIONS) goes to the host, whose
    /// exception handler or developer exception page shows it, as for any other endpoint.
    /// </remarks>
    public static Task InvokeAsync(App app, HttpContext context, string mountPath) =>
        InvokeAsync(app, CreateEnviron(context, mountPath), context);

    /// <summary>Runs <paramref name="app"/> for an <paramref name="environ"/> already built from <paramref name="context"/>.</summary>
    public static async Task InvokeAsync(App app, Environ environ, HttpContext context)
    {
        var response = await app.WsgiApp(environ);
        await FeatureResponseWriter.WriteAsync(context.Features, response, context.RequestAborted);
    }

    /// <summary>The environ of <paramref name="context"/>, SCRIPT_NAME being its path base and <paramref name="mountPath"/>.</summary>
    public static Environ CreateEnviron(HttpContext context, string mountPath)
    {
        // SERVER_NAME and SERVER_PORT from the Host the client asked for: behind the host's middleware there is no
        // single address the server was started on, and the URLs the app builds use the Host header anyway.
        var host = context.Request.Host;
        var port = host.Port?.ToString(CultureInfo.InvariantCulture) ?? (context.Request.IsHttps ? "443" : "80");
        return FeatureEnviron.Create(context.Features, host.HasValue ? host.Host : "localhost", port, mountPath, context);
    }

    /// <summary>"" for the root, else the path with one leading slash and none trailing: "/flask".</summary>
    public static string NormalizeMountPath(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var trimmed = prefix.Trim().TrimEnd('/');
        if (trimmed.Length == 0) return "";
        if (trimmed[0] != '/') throw new ArgumentException($"The mount path \"{prefix}\" must start with '/', e.g. \"/{trimmed}\".", nameof(prefix));
        if (trimmed.AsSpan().IndexOfAny("{}?#*") >= 0)
            throw new ArgumentException($"The mount path \"{prefix}\" must be a plain path, without route parameters, '?', '#' or '*': MicroFlask's own rules match what follows it.", nameof(prefix));
        return trimmed;
    }
}
