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
/// </remarks>
internal sealed class StoreOutageLog
{
    internal static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(10);
    internal static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private volatile bool _down;
    private string _store = "";
    private string _lastReason = "";
    private DateTimeOffset _since, _lastFailure, _lastReport;
    private long _failedSinceReport, _failedInAll;

    /// <summary>Whether the last report was a failure that has not been followed by a recovery.</summary>
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
