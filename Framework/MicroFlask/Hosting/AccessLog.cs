using System.Globalization;
using MicroFlask.Wsgi;
using Microsoft.Extensions.Logging;

namespace MicroFlask.Hosting;

/// <summary>
/// Werkzeug's development-server request line, one per request, through the logger category "MicroFlask.Access":
/// <c>127.0.0.1 - - [02/Dec/2026 10:00:00] "GET /path?q HTTP/1.1" 200 -</c>. On when ACCESS_LOG says so, else when DEBUG is.
/// </summary>
internal static partial class AccessLog
{
    /// <summary>The logger category, for filters: <c>builder.AddFilter("MicroFlask.Access", LogLevel.None)</c>.</summary>
    internal const string Category = "MicroFlask.Access";

    /// <summary>Logs <paramref name="environ"/>'s line, if the logger takes Information: nothing is formatted otherwise.</summary>
    internal static void Write(ILogger logger, Environ environ, int statusCode, TimeProvider clock)
    {
        if (!logger.IsEnabled(LogLevel.Information)) return;
        // As Python's BaseHTTPRequestHandler: local time, English month names. The request target as the client sent it.
        var time = clock.GetLocalNow().ToString("dd/MMM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        var target = environ.RawUri ?? (environ.QueryString.Length == 0 ? environ.PathInfo : environ.PathInfo + "?" + environ.QueryString);
        Request(logger, environ.RemoteAddr ?? "<local>", time, environ.RequestMethod, target, environ.ServerProtocol, statusCode);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{RemoteAddr} - - [{Time}] \"{Method} {Target} {Protocol}\" {StatusCode} -")]
    private static partial void Request(ILogger logger, string remoteAddr, string time, string method, string target, string protocol, int statusCode);
}
