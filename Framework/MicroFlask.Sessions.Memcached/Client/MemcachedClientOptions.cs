namespace MicroFlask.Sessions.Memcached;

/// <summary>Where <see cref="MemcachedClient"/> connects and how long it waits.</summary>
public sealed class MemcachedClientOptions
{
    /// <summary>The server as "host:port" (IPv6 as "[::1]:11211"); the port defaults to 11211.</summary>
    public string Server { get; init; } = "127.0.0.1:11211";

    /// <summary>How long opening one TCP connection may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long one operation may take in all: waiting for a pooled connection, connecting, sending
    /// and reading the reply.
    /// </summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>At most this many connections are open at once; further callers wait for one.</summary>
    public int MaxConnections { get; init; } = 16;

    /// <summary>
    /// Largest value accepted, in bytes. memcached's default item size limit (its <c>-I</c>) is 1 MB,
    /// key and item header included; raise both together.
    /// </summary>
    public int MaxValueSize { get; init; } = 1024 * 1024;

    /// <summary>The clock used to turn expiries over 30 days into absolute unix times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
