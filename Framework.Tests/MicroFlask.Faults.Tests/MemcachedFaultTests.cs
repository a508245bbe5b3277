namespace MicroFlask.Faults.Tests;

/// <summary>memcached holds its items in memory only: after a kill the sessions are gone by nature, so only the deadline and the recovery are checked.</summary>
[TestFixture]
public sealed class MemcachedFaultTests : StoreFaultScenario
{
    private protected override void RequireInstalled()
    {
        if (MemcachedFaultServer.Program is null) Prerequisite.Missing("memcached", "not on the PATH", "Install it with `scripts/services.sh start`.");
    }

    private protected override FaultServer CreateServer() => new MemcachedFaultServer(18703);

    private protected override void Configure(Config config, FaultServer server)
    {
        config["SESSION_TYPE"] = "memcached";
        config["SESSION_MEMCACHED"] = $"127.0.0.1:{server.Port}";
    }
}
