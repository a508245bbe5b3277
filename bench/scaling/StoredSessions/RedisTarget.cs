using MicroFlask.Sessions.Redis;
using MicroFlask.Sessions.ServerSide;
using StackExchange.Redis;

namespace MicroFlask.Micro.Scaling;

/// <summary>A redis-server of the benchmark's own (run.sh starts it), copied into with COPY in a server-side script.</summary>
internal sealed class RedisTarget : StoreTarget
{
    // COPY keeps the source's TTL; batches keep each script short, so the server stays responsive.
    private const string CopyScript = """
        for i = tonumber(ARGV[1]), tonumber(ARGV[2]) - 1 do
          redis.call('COPY', KEYS[1], 'bench-' .. i, 'REPLACE')
        end
        return 1
        """;

    private readonly ConnectionMultiplexer _redis;
    private readonly RedisSessionStore _store;

    internal RedisTarget(string configuration)
    {
        _redis = ConnectionMultiplexer.Connect(configuration + ",allowAdmin=true");
        _redis.GetServers()[0].FlushDatabase();
        _store = new RedisSessionStore(_redis);
    }

    internal override ISessionStore Store => _store;

    protected override async Task CopyAsync(int from, int to)
    {
        var database = _redis.GetDatabase();
        for (var start = from; start < to; start += 50_000)
            await database.ScriptEvaluateAsync(CopyScript, [IdOf(0)], [start, Math.Min(to, start + 50_000)]);
    }

    public override async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await _redis.GetServers()[0].FlushDatabaseAsync();
        await _redis.DisposeAsync();
    }
}
