namespace MicroFlask.Sessions.Memcached;

/// <summary>
/// A memcached server could not be reached, did not answer in time, or answered with an error line
/// (<c>ERROR</c>, <c>CLIENT_ERROR</c>, <c>SERVER_ERROR</c>). <see cref="Server"/> names the server.
/// </summary>
public class MemcachedException : Exception
{
    /// <summary>Creates the exception for <paramref name="server"/> ("host:port") with the reason.</summary>
    internal MemcachedException(string server, string reason, Exception? innerException = null)
        : base($"memcached {server}: {reason}", innerException)
    {
        Server = server;
        Reason = reason;
    }

    /// <summary>The server's address, "host:port".</summary>
    public string Server { get; }

    /// <summary>What went wrong, without the server prefix of <see cref="Exception.Message"/>.</summary>
    public string Reason { get; }
}
