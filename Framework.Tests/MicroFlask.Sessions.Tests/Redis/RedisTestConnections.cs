using System.Collections.Concurrent;
using StackExchange.Redis;

namespace MicroFlask.Sessions.Tests.Redis;

/// <summary>
/// One connection per Redis server for the whole test run (connecting takes longer than a test), or the test ends
/// as <see cref="Prerequisite"/> says when the server does not answer.
/// </summary>
internal static class RedisTestConnections
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<ConnectionMultiplexer>>> Connections = new();

    internal static Task<ConnectionMultiplexer> SingleAsync() => GetAsync(TestServers.Redis, "redis (MICROFLASK_TEST_REDIS)");

    internal static Task<ConnectionMultiplexer> ClusterAsync() => GetAsync(TestServers.RedisCluster, "redis cluster (MICROFLASK_TEST_REDIS_CLUSTER)");

    private static async Task<ConnectionMultiplexer> GetAsync(string configuration, string server)
    {
        var connection = await Prerequisite.RequireAsync($"{server} {configuration}", () =>
            Connections.GetOrAdd(configuration, c => new Lazy<Task<ConnectionMultiplexer>>(() => ConnectAsync(c))).Value);
        // A server that went away after the first test: say so instead of failing with a stack of Redis errors.
        if (!connection.IsConnected) Prerequisite.Missing($"{server} {configuration}", "not connected");
        return connection;
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(string configuration)
    {
        try
        {
            var options = ConfigurationOptions.Parse(configuration);
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 3000;
            return await ConnectionMultiplexer.ConnectAsync(options);
        }
        catch
        {
            // Not cached when it failed: a server started later is found by the next test.
            Connections.TryRemove(configuration, out _);
            throw;
        }
    }
}
