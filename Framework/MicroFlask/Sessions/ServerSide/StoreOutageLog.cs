using Microsoft.Extensions.Logging;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// Logs a session store outage as three kinds of line instead of one per failed request: the first failure with its
/// reason, a count of failed requests every <see cref="SummaryInterval"/> while it lasts, and the recovery.
/// </summary>
/// <remarks>
/// The recovery is the first successful store operation at least <see cref="QuietPeriod"/> after the last failure, so
/// that a store failing only in part (one cluster shard down) stays one outage rather than a line per request.
/// Nothing runs in between: each line is written by the request that reports a failure or a success, at the time it gives.
/// A store spread over several servers (memcached's ring) names the server of each operation's key
/// (<see cref="ISessionStore.ServerOf"/>): each server then has its own outage, which only a success on that server ends,
/// so one server down is one outage however the requests on the others go.
/// </remarks>
internal sealed class StoreOutageLog
{
    internal static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(10);
    internal static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    // "" is the whole store; a server's name is that server of a store spread over several.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Outage> _outages = new(StringComparer.Ordinal);

    /// <summary>Whether the last report of some part was a failure that has not been followed by a recovery.</summary>
    internal bool IsDown => _outages.Values.Any(o => o.IsDown);

    /// <summary>
    /// Counts one failed request; logs it when it starts an outage, or a summary when one is due. <c>server</c> names the
    /// server that failed of a store spread over several (its own outage); null for the store as a whole.
    /// </summary>
    internal void Failed(ILogger logger, DateTimeOffset now, string store, string method, string path, string reason, string? server = null) =>
        _outages.GetOrAdd(server ?? "", static _ => new Outage()).Failed(logger, now, server is null ? store : $"{store} (server {server})", method, path, reason);

    /// <summary>Notes a successful store operation; logs the recovery when it ends an outage (of <paramref name="server"/>, when given).</summary>
    internal void Succeeded(ILogger logger, DateTimeOffset now, string? server = null)
    {
        if (_outages.TryGetValue(server ?? "", out var outage)) outage.Succeeded(logger, now);
    }

    private sealed class Outage
    {
        private readonly Lock _lock = new();
        private volatile bool _down;
        private string _store = "";
        private string _lastReason = "";
        private DateTimeOffset _since, _lastFailure, _lastReport;
        private long _failedSinceReport, _failedInAll;

        internal bool IsDown => _down;

        /// <summary>Counts one failed request; logs it when it starts an outage, or a summary when one is due.</summary>
        internal void Failed(ILogger logger, DateTimeOffset now, string store, string method, string path, string reason)
        {
            long summaryCount;
            TimeSpan summaryPeriod;
            lock (_lock)
            {
                _failedInAll++;
                _lastFailure = now;
                _lastReason = reason;
                if (!_down)
                {
                    _down = true;
                    _store = store;
                    _since = _lastReport = now;
                    _failedInAll = 1;
                    _failedSinceReport = 0;
                    summaryCount = -1;
                    summaryPeriod = default;
                }
                else
                {
                    _failedSinceReport++;
                    if (now - _lastReport < SummaryInterval) return;
                    summaryCount = _failedSinceReport;
                    summaryPeriod = now - _lastReport;
                    _failedSinceReport = 0;
                    _lastReport = now;
                }
            }
            if (summaryCount < 0) SessionLog.LogSessionStoreUnavailable(logger, store, method, path, reason);
            else SessionLog.LogSessionStoreStillUnavailable(logger, store, summaryCount, summaryPeriod.TotalSeconds, reason);
        }

        /// <summary>Notes a successful store operation; logs the recovery when it ends an outage.</summary>
        internal void Succeeded(ILogger logger, DateTimeOffset now)
        {
            if (!_down) return;
            string store;
            long failed;
            TimeSpan lasted;
            lock (_lock)
            {
                if (!_down || now - _lastFailure < QuietPeriod) return;
                _down = false;
                store = _store;
                failed = _failedInAll;
                lasted = _lastFailure - _since;
            }
            SessionLog.LogSessionStoreRecovered(logger, store, failed, lasted.TotalSeconds);
        }
    }
}
