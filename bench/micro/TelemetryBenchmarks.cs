using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using MicroFlask.Http;
using MicroFlask.Testing;
using MicroFlask.Wsgi;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroFlask.Micro;

/// <summary>
/// The hello request of <see cref="RequestBenchmarks"/> while an OpenTelemetry-like listener records MicroFlask's
/// spans and metrics: the price of being observed. <see cref="RequestBenchmarks.Hello"/> is the same request with
/// nobody listening, which must cost nothing extra. The listeners live only during this class's runs.
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private App _app = null!;
    private Environ _hello = null!;
    private ActivityListener _activities = null!;
    private MeterListener _meters = null!;

    [GlobalSetup]
    public void Setup()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "MicroFlask",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "MicroFlask") listener.EnableMeasurementEvents(instrument);
            },
        };
        _meters.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        _meters.Start();

        _app = new App("bench") { LoggerFactory = NullLoggerFactory.Instance, SecretKey = "bench-secret-key" };
        _app.Route("/", () => "Hello");
        _hello = new EnvironBuilder("GET", "/").Build();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    [Benchmark]
    public Task<Response> HelloObserved() => _app.WsgiApp(_hello);
}
