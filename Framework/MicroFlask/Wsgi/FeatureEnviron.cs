using MicroFlask.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MicroFlask.Wsgi;

/// <summary>
/// Builds the <see cref="Environ"/> from a server's request features, by one rule for both hosting modes: the
/// standalone Kestrel adapter (<see cref="Hosting.WsgiHttpApplication"/>) and an app mounted in ASP.NET Core
/// (MicroFlask.AspNetCore), whose <c>HttpContext.Features</c> are the same features after the host's middleware.
/// </summary>
internal static class FeatureEnviron
{
    /// <summary>
    /// The environ of the request in <paramref name="features"/>. <paramref name="mountPath"/> is where the app is
    /// mounted under the path base ("" at the root): SCRIPT_NAME is the path base and the mount path as the client
    /// wrote it, PATH_INFO the rest, as Werkzeug's <c>DispatcherMiddleware</c> splits them.
    /// </summary>
    public static Environ Create(IFeatureCollection features, string serverName, string serverPort, string mountPath = "", HttpContext? httpContext = null)
    {
        var request = features.GetRequiredFeature<IHttpRequestFeature>();
        var connection = features.Get<IHttpConnectionFeature>();
        var environ = new Environ(request.Headers)
        {
            RequestMethod = request.Method,
            QueryString = request.QueryString.Length > 0 ? request.QueryString[1..] : "",
            ServerName = serverName,
            ServerPort = serverPort,
            ServerProtocol = request.Protocol,
            UrlScheme = request.Scheme,
            Input = request.Body,
            RemoteAddress = connection?.RemoteIpAddress,
            RawUri = request.RawTarget,
            RequestAborted = features.Get<IHttpRequestLifetimeFeature>()?.RequestAborted ?? default,
            Features = features,
            HttpContext = httpContext,
            // Mounted: views take their services from the host's request scope, as its own endpoints do.
            RequestServices = httpContext?.RequestServices,
        };
        SetPath(environ, request, mountPath);
        return environ;
    }

    private static void SetPath(Environ environ, IHttpRequestFeature request, string mountPath)
    {
        // The server's Path is after the path base and decoded leniently; routing matched the mount path in it
        // ignoring case, so SCRIPT_NAME keeps the client's spelling.
        var path = request.Path;
        var mount = mountPath.Length > 0 && path.StartsWith(mountPath, StringComparison.OrdinalIgnoreCase) ? path[..mountPath.Length] : "";
        environ.ScriptName = request.PathBase + mount;

        // PATH_INFO comes from the raw target, decoded strictly, so that a malformed escape is a 400 in both modes.
        var raw = request.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            environ.PathInfo = path[mount.Length..];
            return;
        }
        var rawPath = RequestTarget.Split(raw).Path;
        if (!UrlEncoding.TryDecodePath(rawPath, out var decoded))
        {
            environ.PathInfo = rawPath;
            environ.BadRequestReason = RequestTarget.MalformedPathReason;
            return;
        }
        // The raw target holds the path base only when it came from the URL (UsePathBase), not from a proxy's
        // X-Forwarded-Prefix; a middleware that rewrote the path leaves the server's own Path as the only truth.
        if (request.PathBase.Length > 0 && decoded.StartsWith(request.PathBase, StringComparison.OrdinalIgnoreCase)) decoded = decoded[request.PathBase.Length..];
        if (!decoded.StartsWith(mount, StringComparison.OrdinalIgnoreCase))
        {
            environ.PathInfo = path[mount.Length..];
            return;
        }
        environ.PathInfo = decoded[mount.Length..];
    }
}
