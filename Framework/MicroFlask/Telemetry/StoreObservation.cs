using System.Diagnostics;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Telemetry;

/// <summary>
/// One session store operation (load, save, delete): a client span, its duration and, when it fails, an error.
/// Made only when <see cref="MicroFlaskTelemetry.StoreObserved"/>.
/// </summary>
internal sealed class StoreObservation
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly string _storeType;
    private readonly string _operation;
    private readonly Activity? _activity;

    private StoreObservation(string storeType, string operation, string storeName)
    {
        _storeType = storeType;
        _operation = operation;
        _activity = MicroFlaskTelemetry.Source.StartActivity("session " + operation, ActivityKind.Client);
        if (_activity is null) return;
        _activity.SetTag("microflask.session.store.type", storeType);
        _activity.SetTag("microflask.session.store.name", storeName);
        _activity.SetTag("microflask.session.operation", operation);
    }

    internal static StoreObservation Start(string storeType, string operation, string storeName) => new(storeType, operation, storeName);

    /// <summary>"redis" for RedisSessionStore, "filesystem" for FileSystemSessionStore; a custom store's type name, lower case.</summary>
    internal static string TypeOf(ISessionStore store)
    {
        var name = store.GetType().Name;
        if (name.EndsWith("SessionStore", StringComparison.Ordinal) && name.Length > "SessionStore".Length) name = name[..^"SessionStore".Length];
        return name.ToLowerInvariant();
    }

    /// <summary>Ends the span and records the duration; <paramref name="error"/> (null on success) is also counted.</summary>
    internal void Stop(Exception? error)
    {
        var errorType = error?.GetType().FullName;
        if (_activity is not null)
        {
            if (errorType is not null)
            {
                _activity.SetTag("error.type", errorType);
                _activity.SetStatus(ActivityStatusCode.Error, error!.Message);
            }
            _activity.Stop();
        }
        var tags = new TagList
        {
            { "microflask.session.store.type", _storeType },
            { "microflask.session.operation", _operation },
        };
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
            MicroFlaskTelemetry.StoreErrors.Add(1, tags);
        }
        MicroFlaskTelemetry.StoreDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);
    }
}
