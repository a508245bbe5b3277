using System.Net;
using System.Net.Sockets;

namespace MicroFlask.Sessions.Tests.Redis;

/// <summary>
/// A redis-server of the test's own, on a free port with its data in a temporary folder, that the test can stop and
/// start again without touching the shared test servers. Stopping saves the data (SHUTDOWN SAVE), as a Redis with
/// persistence would keep it over a restart.
/// </summary>
internal sealed class DedicatedRedisServer : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("microflask-redis-").FullName;
    private RunningProcess? _process;

    private DedicatedRedisServer(int port) => Port = port;

    internal int Port { get; }

    internal string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Starts a server, or ends the test as <see cref="Prerequisite"/> says when redis-server cannot run.</summary>
    internal static async Task<DedicatedRedisServer> StartAsync()
    {
        var server = new DedicatedRedisServer(FreePort());
        await Prerequisite.RequireAsync("redis-server (a dedicated one for the outage test)", async () =>
        {
            await server.StartAgainAsync();
            return true;
        });
        return server;
    }

    /// <summary>Starts the server (again, with the data saved at the last stop) and waits until it answers.</summary>
    internal async Task StartAgainAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        _process = ProcessRunner.Start("redis-server",
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", _directory, "--dbfilename", "dump.rdb",
            "--logfile", Path.Combine(_directory, "redis.log"),
        ]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (await CliAsync("ping") != "PONG")
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"redis-server on port {Port} did not answer; see {_directory}/redis.log.");
            await Task.Delay(50);
        }
    }

    /// <summary>Saves the data and stops the server, as an administrator restarting Redis would.</summary>
    internal async Task StopAsync()
    {
        await CliAsync("shutdown", "save");
        await _process!.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    internal async Task<string> CliAsync(params string[] command)
    {
        var result = await ProcessRunner.RunAsync("redis-cli",
            ["-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. command], TimeSpan.FromSeconds(10));
        return result.Stdout.Trim();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
