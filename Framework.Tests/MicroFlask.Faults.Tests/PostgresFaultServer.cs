using System.Globalization;

namespace MicroFlask.Faults.Tests;

/// <summary>
/// PostgreSQL 15 with its default durability (fsync, synchronous commit), run as the postgres user as
/// scripts/services.sh does, its socket in the data folder. Frozen and killed with all its backends.
/// </summary>
internal sealed class PostgresFaultServer(int port) : FaultServer(port)
{
    private const string Bin = "/usr/lib/postgresql/15/bin";

    public override string Name => "postgres";

    public static bool IsInstalled => File.Exists(Path.Combine(Bin, "initdb")) && Find("runuser") is not null;

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    private string Data => Path.Combine(DataDirectory, "data");

    public override async Task<bool> IsReadyAsync() =>
        (await ProcessRunner.RunAsync(Path.Combine(Bin, "pg_isready"), ["-q", "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(5))).ExitCode == 0;

    protected override async Task PrepareAsync()
    {
        if (File.Exists(Path.Combine(Data, "PG_VERSION")))
        {
            // After a SIGKILL, the postmaster may linger as a zombie that nobody reaps (pid 1 on some machines), which
            // PostgreSQL's own check takes for a live server: the lock files of a dead postmaster go.
            var lockFile = Path.Combine(Data, "postmaster.pid");
            if (File.Exists(lockFile) && !Signals.IsAlive(ServerProcessId()))
            {
                File.Delete(lockFile);
                File.Delete(Path.Combine(DataDirectory, $".s.PGSQL.{Port.ToString(CultureInfo.InvariantCulture)}.lock"));
            }
            return;
        }
        // PostgreSQL refuses to run as root: its folder belongs to the postgres user.
        await RunAsync("chown", ["postgres:postgres", DataDirectory]);
        // --no-sync only for initdb's own files; the server runs with PostgreSQL's defaults.
        await RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, "initdb"), "-D", Data, "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8", "--auth=trust", "--no-sync"]);
    }

    protected override RunningProcess Launch() => ProcessRunner.Start("runuser",
    [
        "-u", "postgres", "--", Path.Combine(Bin, "postgres"), "-D", Data, "-p", Port.ToString(CultureInfo.InvariantCulture),
        "-k", DataDirectory, "-c", "listen_addresses=127.0.0.1",
    ]);

    /// <summary>The postmaster, whose pid PostgreSQL writes into postmaster.pid (runuser is only its wrapper).</summary>
    protected override int ServerProcessId()
    {
        var file = Path.Combine(Data, "postmaster.pid");
        if (!File.Exists(file)) throw new InvalidOperationException("postgres is not running: no postmaster.pid.");
        return int.Parse(File.ReadLines(file).First(), CultureInfo.InvariantCulture);
    }

    private static async Task RunAsync(string file, string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(file, arguments, TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.Output}");
    }
}
