using System.Globalization;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Micro.Scaling;

/// <summary>
/// One store filled with copies of one login-sized session. Each store copies it in its own native way (server-side
/// COPY, INSERT … SELECT, file copies), which is minutes faster than a million saves; the copies are checked to
/// load through the store, and a store whose layout the copy no longer matches is filled through its own saves.
/// </summary>
internal abstract class StoreTarget : IAsyncDisposable
{
    internal static readonly TimeSpan TimeToLive = TimeSpan.FromDays(1);

    private static readonly SessionChanges Template = new(false, new Dictionary<string, string>
    {
        ["user_id"] = "42",
        ["_fresh"] = "true",
        ["_permanent"] = "true",
        ["csrf_token"] = "\"3f1c0b7e9a2d4c6b8e0f1a3c5e7d9b2f4a6c8e0d\"",
        ["counter"] = "0",
    }, []);

    internal abstract ISessionStore Store { get; }

    internal static string IdOf(int index) => "bench-" + index.ToString(CultureInfo.InvariantCulture);

    internal static StoreTarget Create(string name, ScalingOptions options) => name switch
    {
        "redis" => new RedisTarget(options.Redis),
        "sqlite" => SqlTarget.Sqlite(),
        "postgres" => SqlTarget.Postgres(options.Postgres),
        "filesystem" => new FileSystemTarget(),
        _ => throw new ArgumentException($"Unknown store '{name}': use redis, sqlite, postgres or filesystem."),
    };

    /// <summary>Stores sessions <paramref name="from"/> to <paramref name="to"/> - 1.</summary>
    internal async Task FillAsync(int from, int to)
    {
        if (from == 0)
        {
            await Store.ApplyAsync(IdOf(0), Template, TimeToLive, CancellationToken.None);
            from = 1;
        }
        if (from >= to) return;
        await CopyAsync(from, to);
        if (await Store.LoadAsync(IdOf(to - 1), CancellationToken.None) is not null) return;
        Console.Error.WriteLine($">> {GetType().Name}: the copies do not load (has the store's layout changed?); filling through the store's own saves");
        await SaveEachAsync(from, to);
    }

    /// <summary>Copies session 0 into sessions <paramref name="from"/> to <paramref name="to"/> - 1.</summary>
    protected abstract Task CopyAsync(int from, int to);

    public abstract ValueTask DisposeAsync();

    private async Task SaveEachAsync(int from, int to)
    {
        var next = from - 1;
        var workers = Enumerable.Range(0, 32).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < to)
                await Store.ApplyAsync(IdOf(index), Template, TimeToLive, CancellationToken.None);
        });
        await Task.WhenAll(workers);
    }
}
