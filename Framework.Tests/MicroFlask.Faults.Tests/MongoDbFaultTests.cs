namespace MicroFlask.Faults.Tests;

/// <summary>CongoDB keeps its data in memory: after a kill the sessions are gone, so only the deadline and the recovery are checked.</summary>
[TestFixture]
public sealed class MongoDbFaultTests : StoreFaultScenario
{
    private protected override void RequireInstalled()
    {
        if (CongoFaultServer.Node is null || !CongoFaultServer.IsInstalled)
            Prerequisite.Missing("CongoDB (node and the smartmongo package)", $"no node on the PATH or no package at {CongoFaultServer.Package}",
                "Install it with `scripts/services.sh start`, or point MICROFLASK_CONGODB_PACKAGE at an unpacked smartmongo package.");
    }

    private protected override FaultServer CreateServer() => new CongoFaultServer(18704);

    private protected override void Configure(Config config, FaultServer server)
    {
        config["SESSION_TYPE"] = "mongodb";
        config["SESSION_MONGODB"] = $"mongodb://127.0.0.1:{server.Port}/?directConnection=true";
    }
}
