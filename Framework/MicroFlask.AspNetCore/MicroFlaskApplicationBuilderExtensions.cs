using MicroFlask.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MicroFlask.AspNetCore;

/// <summary>Mounts a MicroFlask app at the root of an ASP.NET Core app's middleware pipeline.</summary>
public static class MicroFlaskApplicationBuilderExtensions
{
    /// <summary>
    /// Runs <paramref name="app"/> for the requests its URL map knows, at the root (SCRIPT_NAME is the path base), and
    /// passes the others on to the next middleware, as <c>UseStaticFiles</c> does: an endpoint the host mapped
    /// (a minimal API) wins, and a path no MicroFlask rule matches falls through to the rest of the pipeline. An app with
    /// no services of its own takes the host's (see <c>MapMicroFlask</c>).
    /// </summary>
    /// <remarks>
    /// A path some rule matches stays MicroFlask's, wrong method (405) and missing slash (308) included, and so does a
    /// 404 a view raises. To send every request to MicroFlask, MicroFlask's 404 page included, use
    /// <c>MapMicroFlask("/", app)</c> instead.
    /// </remarks>
    public static IApplicationBuilder UseMicroFlask(this IApplicationBuilder builder, App app)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(app);
        app.UseHostServices(builder.ApplicationServices);
        return builder.Use(next => context =>
        {
            if (context.GetEndpoint() is not null) return next(context);
            var environ = MountedApp.CreateEnviron(context, "");
            if (environ.BadRequestReason is null && !Knows(app, environ.PathInfo, environ.RequestMethod)) return next(context);
            return MountedApp.InvokeAsync(app, environ, context);
        });
    }

    private static bool Knows(App app, string path, string method)
    {
        try
        {
            app.UrlMap.Match(path, method);
            return true;
        }
        catch (HttpException e)
        {
            // 405 and the slash redirect are answers about a path the app has; only "no such path" falls through.
            return e.Code != 404;
        }
    }
}
