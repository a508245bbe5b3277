using System.Globalization;

namespace MicroFlask.Faults.Tests;

/// <summary>
/// One node of a <see cref="RedisFaultCluster"/>: cluster mode, every write appended and fsynced before the reply, and
/// a short node timeout, so that a killed master is declared failed and replaced within a few seconds.
/// </summary>
internal sealed class RedisClusterNode(int port, int busPort) : FaultServer(port)
{
    /// <summary>cluster-node-timeout: how long a master may be silent before its replica takes over.</summary>
    internal static readonly TimeSpan NodeTimeout = TimeSpan.FromMilliseconds(1000);

    public override string Name => "redis-server (cluster)";

    /// <summary>redis-cli, which makes the nodes a cluster and answers the test's questions about it.</summary>
    public static string? Cli => Find("redis-cli");

    /// <summary>The port of its cluster bus, in this project's range too (Redis's default would be port + 10000).</summary>
    public int BusPort { get; } = busPort;

    public override Task<bool> IsReadyAsync() => AnswersAsync("PING\r\n", "+PONG");

    protected override RunningProcess Launch() => ProcessRunner.Start(RedisFaultServer.Program!,
    [
        "--bind", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--dir", DataDirectory,
        "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no", "--protected-mode", "no",
        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
        "--cluster-node-timeout", ((int)NodeTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        "--cluster-port", BusPort.ToString(CultureInfo.InvariantCulture),
        // A replica's first sync starts at once instead of after 5 s.
        "--repl-diskless-sync-delay", "0",
    ]);
}
