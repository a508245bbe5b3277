namespace MicroFlask.Faults.Tests;

/// <summary>redis-server with Redis's own durability on: every write appended and fsynced before the reply.</summary>
internal sealed class RedisFaultServer(int port) : FaultServer(port)
{
    public override string Name => "redis-server";

    public static string? Program => Find("redis-server");

    public override Task<bool> IsReadyAsync() => AnswersAsync("PING\r\n", "+PONG");

    protected override RunningProcess Launch() => ProcessRunner.Start(Program!,
    [
        "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--dir", DataDirectory, "--appendonly", "yes", "--appendfsync", "always", "--save", "",
        "--daemonize", "no", "--protected-mode", "no",
    ]);
}
