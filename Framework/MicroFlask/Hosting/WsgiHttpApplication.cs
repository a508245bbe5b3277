using System.Globalization;
using MicroFlask.Http;
using MicroFlask.Wsgi;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace MicroFlask.Hosting;

/// <summary>
/// The adapter between Kestrel and the app: each connection's request becomes an <see cref="Environ"/>,
/// goes through <see cref="App.WsgiApp"/>, and the <see cref="Response"/> is written back. It sits directly on
/// Kestrel's <see cref="IHttpApplication{TContext}"/>, below ASP.NET Core's middleware, so a request pays only
/// for what MicroFlask does.
/// </summary>
internal sealed class WsgiHttpApplication(App app, string serverName, int serverPort) : IHttpApplication<Environ>
{
    private string _serverPort = serverPort.ToString(CultureInfo.InvariantCulture);
    private readonly ILogger _accessLog = app.LoggerFactory.CreateLogger(AccessLog.Category);

    /// <summary>SERVER_PORT; set once the real port is known when 0 was asked for.</summary>
    internal int ServerPort
    {
        set => _serverPort = value.ToString(CultureInfo.InvariantCulture);
    }

    public Environ CreateContext(IFeatureCollection contextFeatures)
    {
        var environ = FeatureEnviron.Create(contextFeatures, serverName, _serverPort);
        // MAX_CONTENT_LENGTH, else Kestrel's 30 MB: a body the app never reads (a 404) is not drained past it either.
        if (contextFeatures.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxBody) maxBody.MaxRequestBodySize = app.RequestLimits.MaxBodySize;
        return environ;
    }

    public async Task ProcessRequestAsync(Environ environ)
    {
        Response response;
        try
        {
            response = await app.WsgiApp(environ);
        }
        catch (Exception e)
        {
            // WsgiApp only throws when exceptions propagate (TESTING/DEBUG); a server must still answer.
            app.Logger.LogError(e, "Unhandled exception for {Method} {Path}", environ.RequestMethod, environ.PathInfo);
            // In debug mode, Werkzeug's debugger page (without its console); otherwise the plain 500 page.
            response = app.Debug ? DebugErrorPage.Render(e, environ) : new InternalServerErrorException(e).GetResponse();
        }
        var features = environ.Features ?? throw new InvalidOperationException("The environ lost its connection.");
        // Logged as the status goes out, as Werkzeug does; off, this is one bool read.
        if (app.AccessLogEnabled) AccessLog.Write(_accessLog, environ, response.StatusCode, app.TimeProvider);
        await FeatureResponseWriter.WriteAsync(features, response, environ.RequestAborted);
    }

    public void DisposeContext(Environ context, Exception? exception) { }
}
