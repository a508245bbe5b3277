using System.Diagnostics;
using System.Globalization;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Micro.Scaling;

/// <summary>p50 and p99 of one load followed by one save of a random stored session, one request at a time.</summary>
internal sealed record LatencySummary(double P50, double P99)
{
    private const int WarmUp = 200;

    internal static async Task<LatencySummary> MeasureAsync(ISessionStore store, int stored, int samples)
    {
        // A fixed seed: every run and every level visits sessions spread the same way over the store.
        var random = new Random(14);
        var micros = new double[samples];
        for (var i = -WarmUp; i < samples; i++)
        {
            var id = StoreTarget.IdOf(random.Next(stored));
            var started = Stopwatch.GetTimestamp();
            var entries = await store.LoadAsync(id, CancellationToken.None)
                ?? throw new InvalidOperationException($"Stored session {id} did not load: the fill did not make loadable sessions.");
            var counter = long.Parse(entries["counter"], CultureInfo.InvariantCulture) + 1;
            var changes = new SessionChanges(false, new Dictionary<string, string> { ["counter"] = counter.ToString(CultureInfo.InvariantCulture) }, []);
            await store.ApplyAsync(id, changes, StoreTarget.TimeToLive, CancellationToken.None);
            if (i >= 0) micros[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }
        Array.Sort(micros);
        return new LatencySummary(micros[samples / 2], micros[(int)(samples * 0.99)]);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{P50:F0} / {P99:F0} µs");
}
