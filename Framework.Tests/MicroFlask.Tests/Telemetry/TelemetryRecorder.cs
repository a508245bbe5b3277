using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using MicroFlask.Telemetry;

namespace MicroFlask.Tests.Telemetry;

/// <summary>Listens to MicroFlask's activity source and meter for one test, keeping what it saw.</summary>
internal sealed class TelemetryRecorder : IDisposable
{
    private readonly ActivityListener? _activities;
    private readonly MeterListener? _meters;

    internal TelemetryRecorder(bool activities = true, bool metrics = true)
    {
        if (activities)
        {
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == MicroFlaskTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = Activities.Enqueue,
            };
            ActivitySource.AddActivityListener(_activities);
        }
        if (metrics)
        {
            _meters = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == MicroFlaskTelemetry.Name) listener.EnableMeasurementEvents(instrument);
                },
            };
            _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Measurements.Enqueue(new(instrument.Name, value, Copy(tags))));
            _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Measurements.Enqueue(new(instrument.Name, value, Copy(tags))));
            _meters.Start();
        }
    }

    internal ConcurrentQueue<Activity> Activities { get; } = new();

    internal ConcurrentQueue<Measurement> Measurements { get; } = new();

    /// <summary>The measurements of <paramref name="instrument"/> whose tag <paramref name="tag"/> is <paramref name="value"/>.</summary>
    internal List<Measurement> Of(string instrument, string tag, object value) =>
        [.. Measurements.Where(m => m.Instrument == instrument && m.Tags.TryGetValue(tag, out var v) && Equals(v, value))];

    public void Dispose()
    {
        _activities?.Dispose();
        _meters?.Dispose();
    }

    private static Dictionary<string, object?> Copy(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in tags) copy[key] = value;
        return copy;
    }

    internal sealed record Measurement(string Instrument, double Value, Dictionary<string, object?> Tags);
}
