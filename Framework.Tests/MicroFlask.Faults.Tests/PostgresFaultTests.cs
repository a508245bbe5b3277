namespace MicroFlask.Faults.Tests;

[TestFixture]
public sealed class PostgresFaultTests : DurableStoreFaultScenario
{
    private protected override void RequireInstalled()
    {
        if (!PostgresFaultServer.IsInstalled)
            Prerequisite.Missing("PostgreSQL 15", "no /usr/lib/postgresql/15/bin/initdb or no runuser", "Install it with `scripts/services.sh start`.");
    }

    private protected override FaultServer CreateServer() => new PostgresFaultServer(18702);

    private protected override void Configure(Config config, FaultServer server)
    {
        config["SESSION_TYPE"] = "sql";
        config["SESSION_SQL_URL"] = ((PostgresFaultServer)server).ConnectionString;
    }
}
