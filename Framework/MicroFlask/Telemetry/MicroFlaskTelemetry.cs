using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MicroFlask.Telemetry;

/// <summary>
/// MicroFlask's traces and metrics, both named <see cref="Name"/> (add it to OpenTelemetry with
/// <c>AddSource("MicroFlask")</c> and <c>AddMeter("MicroFlask")</c>). Requests follow OpenTelemetry's HTTP server
/// conventions: a server span "{method} {route}" (unless a host already made one, then it gets the route) and the
/// histogram <c>http.server.request.duration</c>; session stores add spans, <c>microflask.session.store.duration</c>
/// and <c>microflask.session.store.errors</c>. Nothing is measured, timed or allocated while nobody listens.
/// </summary>
public static class MicroFlaskTelemetry
{
    /// <summary>The name of the activity source and of the meter: "MicroFlask".</summary>
    public const string Name = "MicroFlask";

    private static readonly string? Version = typeof(MicroFlaskTelemetry).Assembly.GetName().Version?.ToString();

    internal static readonly ActivitySource Source = new(Name, Version);

    internal static readonly Meter Meter = new(Name, Version);

    // OpenTelemetry's advised boundaries for http.server.request.duration, in seconds.
    private static readonly double[] DurationBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    internal static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
        "http.server.request.duration", unit: "s", description: "Duration of HTTP server requests.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBoundaries });

    internal static readonly Histogram<double> StoreDuration = Meter.CreateHistogram(
        "microflask.session.store.duration", unit: "s", description: "Duration of session store operations.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBoundaries });

    internal static readonly Counter<long> StoreErrors = Meter.CreateCounter<long>(
        "microflask.session.store.errors", unit: "{error}", description: "Session store operations that failed.");

    /// <summary>Whether a request is worth observing: someone listens to the spans or the duration histogram.</summary>
    internal static bool RequestObserved => RequestDuration.Enabled || Source.HasListeners();

    /// <summary>Whether a store operation is worth observing.</summary>
    internal static bool StoreObserved => StoreDuration.Enabled || StoreErrors.Enabled || Source.HasListeners();
}
