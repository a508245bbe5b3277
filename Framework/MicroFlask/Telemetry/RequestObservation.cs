using System.Diagnostics;
using System.Globalization;
using MicroFlask.Context;
using MicroFlask.Wsgi;
using Microsoft.Extensions.Primitives;

namespace MicroFlask.Telemetry;

/// <summary>
/// One request as OpenTelemetry's HTTP server conventions describe it: its span and its duration. Made only when
/// <see cref="MicroFlaskTelemetry.RequestObserved"/>, so a request nobody watches pays one check.
/// </summary>
internal sealed class RequestObservation
{
    private static readonly HashSet<string> KnownMethods = new(StringComparer.Ordinal)
    {
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY",
    };

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly string _method;
    private readonly Activity? _activity;
    private readonly Activity? _hostActivity;

    private RequestObservation(Environ environ)
    {
        // Any other method is "_OTHER", so that a client cannot grow the metric's series at will.
        _method = KnownMethods.Contains(environ.RequestMethod) ? environ.RequestMethod : "_OTHER";
        if (Activity.Current is { Kind: ActivityKind.Server } host)
        {
            // Mounted in ASP.NET Core: the host made the server span already; it gets the route, not a twin.
            _hostActivity = host;
            return;
        }
        if (!MicroFlaskTelemetry.Source.HasListeners()) return;
        _activity = MicroFlaskTelemetry.Source.StartActivity(ActivityKind.Server, ParentOf(environ), name: _method);
        if (_activity is null) return;
        _activity.SetTag("http.request.method", _method);
        _activity.SetTag("url.path", environ.ScriptName + environ.PathInfo);
        _activity.SetTag("url.scheme", environ.UrlScheme);
        if (environ.QueryString.Length > 0) _activity.SetTag("url.query", environ.QueryString);
    }

    internal static RequestObservation Start(Environ environ) => new(environ);

    /// <summary>Ends the span and records the duration, with the route the request matched and how it ended.</summary>
    internal void Stop(RequestContext ctx, Response? response, Exception? error)
    {
        var route = ctx.Request.UrlRule?.Pattern;
        // An exception that escaped the app (propagating in TESTING/DEBUG) is a 500 as far as the server is concerned.
        var status = response?.StatusCode ?? 500;
        var errorType = error is not null && response is null ? error.GetType().FullName
            : status >= 500 ? status.ToString(CultureInfo.InvariantCulture)
            : null;
        var name = route is null ? _method : _method + " " + route;

        if (_activity is not null)
        {
            _activity.DisplayName = name;
            if (route is not null) _activity.SetTag("http.route", route);
            _activity.SetTag("http.response.status_code", status);
            if (errorType is not null)
            {
                _activity.SetTag("error.type", errorType);
                _activity.SetStatus(ActivityStatusCode.Error);
            }
            _activity.Stop();
        }
        else if (_hostActivity is not null && route is not null)
        {
            _hostActivity.DisplayName = name;
            _hostActivity.SetTag("http.route", route);
        }

        if (!MicroFlaskTelemetry.RequestDuration.Enabled) return;
        var tags = new TagList
        {
            { "http.request.method", _method },
            { "http.response.status_code", status },
        };
        if (route is not null) tags.Add("http.route", route);
        if (errorType is not null) tags.Add("error.type", errorType);
        MicroFlaskTelemetry.RequestDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);
    }

    /// <summary>The caller's trace from the traceparent/tracestate headers (W3C), as ASP.NET Core's host reads them.</summary>
    private static ActivityContext ParentOf(Environ environ)
    {
        if (Activity.Current is { } current) return current.Context;
        DistributedContextPropagator.Current.ExtractTraceIdAndState(environ.Headers, static (carrier, field, out value, out values) =>
        {
            values = null;
            value = ((IDictionary<string, StringValues>)carrier!).TryGetValue(field, out var found) ? found.ToString() : null;
        }, out var traceParent, out var traceState);
        return traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent) ? parent : default;
    }
}
