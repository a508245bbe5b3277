using System.Net.Sockets;

namespace MicroFlask.Faults.Tests;

/// <summary>
/// A store's server that this project starts on its own port with its data in a temp folder, and then freezes
/// (SIGSTOP), thaws, kills (SIGKILL) and starts again on the same port and data.
/// </summary>
internal abstract class FaultServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private IReadOnlyList<int> _frozen = [];

    protected FaultServer(int port)
    {
        Port = port;
        DataDirectory = Directory.CreateTempSubdirectory($"microflask-faults-{port}-").FullName;
    }

    /// <summary>The port on 127.0.0.1, in this project's range 18700-18799.</summary>
    public int Port { get; }

    /// <summary>Where the server keeps its data (and, for PostgreSQL, its socket), kept across restarts.</summary>
    public string DataDirectory { get; }

    /// <summary>The server's process, while it runs.</summary>
    protected RunningProcess? Process { get; private set; }

    /// <summary>Its name in messages, e.g. "redis-server".</summary>
    public abstract string Name { get; }

    /// <summary>Starts the server (the first time or after a kill) and waits until it answers.</summary>
    public async Task StartAsync()
    {
        await PrepareAsync();
        Process = Launch();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await IsReadyAsync())
        {
            if (Process.HasExited) throw new InvalidOperationException($"{Name} on port {Port} exited during start-up:\n{Process.Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name} on port {Port} did not answer within {StartTimeout}:\n{Process.Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>SIGSTOP to the server and its children: the sockets stay open, nothing answers.</summary>
    public void Freeze()
    {
        _frozen = Signals.Tree(ServerProcessId());
        Signals.Send(_frozen, Signals.Stop);
    }

    /// <summary>SIGCONT to what <see cref="Freeze"/> stopped.</summary>
    public void Thaw() => Signals.Send(_frozen, Signals.Continue);

    /// <summary>SIGKILL to the server and its children, then waits until they are gone.</summary>
    public async Task KillAsync()
    {
        var tree = Signals.Tree(ServerProcessId());
        Signals.Send(tree, Signals.Continue); // a stopped process dies of SIGKILL too, but its children must run to notice
        Signals.Send(tree, Signals.Kill);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (tree.Any(Signals.IsAlive))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name} on port {Port} outlived SIGKILL for 10 s.");
            await Task.Delay(20);
        }
        if (Process is not null) await Process.DisposeAsync();
        Process = null;
    }

    /// <summary>Whether the server answers its protocol's simplest request.</summary>
    public abstract Task<bool> IsReadyAsync();

    public virtual async ValueTask DisposeAsync()
    {
        Thaw();
        if (Process is not null)
        {
            try
            {
                Signals.Send(Signals.Tree(ServerProcessId()), Signals.Kill);
            }
            catch (InvalidOperationException)
            {
                // It is gone already.
            }
            await Process.DisposeAsync();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder: left for the system to clear.
        }
    }

    /// <summary>Whatever must exist before the first start (PostgreSQL's initdb).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>Starts the server's process in the foreground.</summary>
    protected abstract RunningProcess Launch();

    /// <summary>The pid to signal: the process started, unless that is a wrapper (runuser).</summary>
    protected virtual int ServerProcessId() =>
        Process?.Id ?? throw new InvalidOperationException($"{Name} on port {Port} is not running.");

    /// <summary>Sends <paramref name="request"/> and whether the first line answered starts with <paramref name="expected"/>.</summary>
    protected async Task<bool> AnswersAsync(string request, string expected)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port, timeout.Token);
            if (request.Length == 0) return true;
            var stream = client.GetStream();
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request), timeout.Token);
            var buffer = new byte[256];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith(expected, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The path of <paramref name="program"/> on the PATH (or as given when absolute), or null.</summary>
    protected static string? Find(string program) =>
        Path.IsPathRooted(program)
            ? File.Exists(program) ? program : null
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
