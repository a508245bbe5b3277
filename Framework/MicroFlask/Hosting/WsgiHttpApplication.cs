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

    /// <summary>SERVER_PORT; set once the real port is known when 0 was asked for.</summary>
    internal int ServerPort
    {
        set => _serverPort = value.ToString(CultureInfo.InvariantCulture);
    }

    public Environ CreateContext(IFeatureCollection contextFeatures)
    {
        var request = contextFeatures.GetRequiredFeature<IHttpRequestFeature>();
        var connection = contextFeatures.Get<IHttpConnectionFeature>();
        var environ = new Environ(request.Headers)
        {
            RequestMethod = request.Method,
            ScriptName = request.PathBase,
            QueryString = request.QueryString.Length > 0 ? request.QueryString[1..] : "",
            ServerName = serverName,
            ServerPort = _serverPort,
            ServerProtocol = request.Protocol,
            UrlScheme = request.Scheme,
            Input = request.Body,
            RemoteAddr = connection?.RemoteIpAddress?.ToString(),
            RawUri = request.RawTarget,
            RequestAborted = contextFeatures.Get<IHttpRequestLifetimeFeature>()?.RequestAborted ?? default,
            Features = contextFeatures,
        };
        SetPath(environ, request);
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
            response = new InternalServerErrorException(e, app.Debug).GetResponse();
        }
        await WriteAsync(environ, response);
    }

    public void DisposeContext(Environ context, Exception? exception) { }

    private static void SetPath(Environ environ, IHttpRequestFeature request)
    {
        // Kestrel has already decoded Path leniently; decode the raw target strictly so a malformed escape is a 400.
        var raw = request.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            environ.PathInfo = request.Path;
            return;
        }
        RequestTarget.SetPathInfo(environ, RequestTarget.Split(raw).Path, request.PathBase);
    }

    private static async Task WriteAsync(Environ environ, Response response)
    {
        var features = environ.Features ?? throw new InvalidOperationException("The environ lost its connection.");
        var target = features.GetRequiredFeature<IHttpResponseFeature>();
        var body = features.GetRequiredFeature<IHttpResponseBodyFeature>();
        target.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            if (target.Headers.TryGetValue(name, out var existing)) target.Headers[name] = Microsoft.Extensions.Primitives.StringValues.Concat(existing, value);
            else target.Headers[name] = value;
        }
        if (response.StreamBody is { } stream)
        {
            await stream(body.Stream, environ.RequestAborted);
            return;
        }
        if (!target.Headers.ContainsKey("Content-Length")) target.Headers.ContentLength = response.Body.Length;
        if (response.Body.Length > 0) await body.Writer.WriteAsync(response.Body, environ.RequestAborted);
    }
}
