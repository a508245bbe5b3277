using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace MicroFlask.AspNetCore;

/// <summary>Mounts a MicroFlask app as an endpoint of an ASP.NET Core app.</summary>
public static class MicroFlaskEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Sends every request under <paramref name="prefix"/> (e.g. "/flask": "/flask" itself and "/flask/...") to
    /// <paramref name="app"/>, as Werkzeug's <c>DispatcherMiddleware</c>: SCRIPT_NAME is the path base and the prefix,
    /// PATH_INFO the rest, so <c>UrlFor</c> builds URLs under the prefix. "/" mounts it at the root. An app with no services
    /// of its own takes the host's: views and hooks take them by parameter type, and a <c>UseSessionStore()</c> called after
    /// the mount finds the host's <c>IDistributedCache</c>.
    /// </summary>
    /// <returns>
    /// The endpoint's conventions, so that it takes the host's policies like any endpoint:
    /// <c>.RequireAuthorization()</c>, <c>.RequireCors(...)</c>, <c>.RequireRateLimiting(...)</c>.
    /// </returns>
    /// <remarks>
    /// The route is the catch-all <c>{prefix}/{**path}</c>, of the lowest precedence: an endpoint the host maps under
    /// the prefix wins over it. A path that no MicroFlask rule matches gets MicroFlask's 404 (and its error handler).
    /// </remarks>
    public static IEndpointConventionBuilder MapMicroFlask(this IEndpointRouteBuilder endpoints, string prefix, App app)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(app);
        var mountPath = MountedApp.NormalizeMountPath(prefix);
        app.UseHostServices(endpoints.ServiceProvider);
        // A catch-all matches an empty rest too: "/flask" and "/flask/..." are one endpoint.
        return endpoints
            .Map(mountPath + "/{**path}", context => MountedApp.InvokeAsync(app, context, mountPath))
            .WithDisplayName($"MicroFlask {app.Name} at {(mountPath.Length == 0 ? "/" : mountPath)}");
    }
}
