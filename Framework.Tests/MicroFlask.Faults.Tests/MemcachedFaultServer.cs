namespace MicroFlask.Faults.Tests;

/// <summary>memcached: it keeps its items in memory only, so a kill loses them by design.</summary>
internal sealed class MemcachedFaultServer(int port) : FaultServer(port)
{
    public override string Name => "memcached";

    public static string? Program => Find("memcached");

    public override Task<bool> IsReadyAsync() => AnswersAsync("version\r\n", "VERSION");

    protected override RunningProcess Launch()
    {
        string[] arguments = ["-l", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "0", "-m", "16"];
        // memcached will not run as root without a user to drop to.
        return ProcessRunner.Start(Program!, Environment.UserName == "root" ? [.. arguments, "-u", "nobody"] : arguments);
    }
}
