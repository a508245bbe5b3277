using System.Diagnostics;
using System.Globalization;

namespace MicroFlask.Faults.Tests;

/// <summary>
/// A Redis Cluster of this project's own: 3 masters, each with one replica, on consecutive ports (the cluster buses on
/// the ports after them). Asked about through redis-cli, so that what the test sees does not depend on the client
/// under test.
/// </summary>
internal sealed class RedisFaultCluster : IAsyncDisposable
{
    private const int Masters = 3;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private readonly List<RedisClusterNode> _nodes = [];

    /// <param name="firstPort">The first of 12 ports: 6 nodes, then their 6 cluster buses.</param>
    public RedisFaultCluster(int firstPort)
    {
        for (var i = 0; i < Masters * 2; i++) _nodes.Add(new RedisClusterNode(firstPort + i, firstPort + Masters * 2 + i));
    }

    private static string Cli => RedisClusterNode.Cli ?? throw new InvalidOperationException("redis-cli is not on the PATH.");

    /// <summary>Every node, for the connection string: the client finds the rest of the topology itself.</summary>
    public string Configuration => string.Join(',', _nodes.Select(n => "127.0.0.1:" + n.Port.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Starts the six nodes, makes them a cluster and waits until its state is ok and every replica is in sync.</summary>
    public async Task StartAsync(TimeSpan limit)
    {
        await Task.WhenAll(_nodes.Select(n => n.StartAsync()));
        var create = await ProcessRunner.RunAsync(Cli, ["--cluster", "create", .. _nodes.Select(n => "127.0.0.1:" + Port(n)), "--cluster-replicas", "1", "--cluster-yes"],
            CommandTimeout);
        if (create.ExitCode != 0) throw new InvalidOperationException($"redis-cli --cluster create failed ({create.ExitCode}):\n{create.Output}");
        await UntilAsync(IsHealthyAsync, limit, "the cluster to be ok with every replica in sync");
    }

    /// <summary>The masters' ports, as the cluster says now.</summary>
    public async Task<IReadOnlyList<int>> MastersAsync()
    {
        var masters = new List<int>();
        foreach (var node in _nodes)
        {
            if (await RoleAsync(node) == "master") masters.Add(node.Port);
        }
        return masters;
    }

    /// <summary>The keys held by the node on <paramref name="port"/> (SCAN: a master holds only its own slots' keys).</summary>
    public async Task<IReadOnlySet<string>> KeysAsync(int port) =>
        (await CliAsync(port, "--scan", "--pattern", "*")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>Waits until each replica of the master on <paramref name="port"/> has acknowledged everything it was sent.</summary>
    public Task WaitForReplicasAsync(int port, TimeSpan limit) =>
        UntilAsync(async () =>
        {
            var info = Fields(await CliAsync(port, "info", "replication"));
            var offset = info["master_repl_offset"];
            var replicas = info.Where(f => f.Key.StartsWith("slave", StringComparison.Ordinal) && f.Value.Contains("offset=", StringComparison.Ordinal)).ToList();
            return replicas.Count > 0 && replicas.All(r => r.Value.Contains("state=online", StringComparison.Ordinal) && r.Value.Contains("offset=" + offset + ",", StringComparison.Ordinal));
        }, limit, $"the replica of 127.0.0.1:{port} to have every write");

    /// <summary>The port of the replica that replicates the master on <paramref name="port"/>.</summary>
    public async Task<int> ReplicaOfAsync(int port)
    {
        foreach (var node in _nodes)
        {
            var info = Fields(await CliAsync(node.Port, "info", "replication"));
            if (info["role"] == "slave" && info["master_port"] == port.ToString(CultureInfo.InvariantCulture)) return node.Port;
        }
        throw new InvalidOperationException($"The master on 127.0.0.1:{port} has no replica.");
    }

    /// <summary>SIGKILL to the node on <paramref name="port"/>: its sockets close, nothing is flushed that was not already.</summary>
    public Task KillAsync(int port) => _nodes.Single(n => n.Port == port).KillAsync();

    /// <summary>Whether the node on <paramref name="port"/> is a master and sees the cluster as ok (all slots served).</summary>
    public async Task<bool> IsMasterOfAHealthyClusterAsync(int port) =>
        await RoleAsync(_nodes.Single(n => n.Port == port)) == "master" && Fields(await CliAsync(port, "cluster", "info"))["cluster_state"] == "ok";

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
    }

    private async Task<bool> IsHealthyAsync()
    {
        var replicas = 0;
        foreach (var node in _nodes)
        {
            var cluster = Fields(await CliAsync(node.Port, "cluster", "info"));
            if (cluster.GetValueOrDefault("cluster_state") != "ok" || cluster.GetValueOrDefault("cluster_known_nodes") != "6") return false;
            var replication = Fields(await CliAsync(node.Port, "info", "replication"));
            if (replication["role"] == "master") continue;
            if (replication["master_link_status"] != "up" || replication["master_sync_in_progress"] != "0") return false;
            replicas++;
        }
        return replicas == Masters;
    }

    private async Task<string> RoleAsync(RedisClusterNode node) =>
        (await CliAsync(node.Port, "role")).Split('\n', 2)[0].Trim();

    private static string Port(RedisClusterNode node) => node.Port.ToString(CultureInfo.InvariantCulture);

    private static async Task<string> CliAsync(int port, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(Cli, ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), .. arguments], CommandTimeout);
        return result.ExitCode == 0 ? result.Stdout : throw new InvalidOperationException($"redis-cli -p {port} {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.Output}");
    }

    /// <summary>"name:value" lines (INFO, CLUSTER INFO) as a dictionary.</summary>
    private static Dictionary<string, string> Fields(string text) =>
        text.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(':', StringComparison.Ordinal) && !line.StartsWith('#'))
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            if (elapsed.Elapsed > limit) throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}.");
            await Task.Delay(50);
        }
    }
}
