namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// Optional, next to <see cref="ISessionStore"/>: a store whose expired sessions stay until someone deletes them (SQL
/// rows, files, MongoDB documents before its TTL monitor passes). Every SESSION_CLEANUP_N_REQUESTS saves, the session
/// interface calls <see cref="SweepExpiredAsync"/> once, after that request's own save, bounded by SESSION_STORE_TIMEOUT;
/// a failed sweep is logged once and never fails the request. Expired sessions are never served either way: loads
/// check the expiry.
/// </summary>
public interface ISessionSweeper
{
    /// <summary>Deletes every expired session now; returns how many went.</summary>
    ValueTask<long> SweepExpiredAsync(CancellationToken cancellationToken);

    /// <summary>Saves between two sweeps when SESSION_CLEANUP_N_REQUESTS is not set; 0, the default, never sweeps.</summary>
    int DefaultCleanupInterval => 0;
}
