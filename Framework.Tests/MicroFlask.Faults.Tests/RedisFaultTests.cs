namespace MicroFlask.Faults.Tests;

[TestFixture]
public sealed class RedisFaultTests : DurableStoreFaultScenario
{
    private protected override void RequireInstalled()
    {
        if (RedisFaultServer.Program is null) Prerequisite.Missing("redis-server", "not on the PATH", "Install it with `scripts/services.sh start`.");
    }

    private protected override bool LoadsLazily => true;

    private protected override FaultServer CreateServer() => new RedisFaultServer(18701);

    private protected override void Configure(Config config, FaultServer server)
    {
        config["SESSION_TYPE"] = "redis";
        config["SESSION_REDIS"] = $"127.0.0.1:{server.Port}";
    }
}
