namespace MicroFlask.Faults.Tests;

/// <summary>A store whose server keeps its data across a kill (Redis with appendfsync always, PostgreSQL's defaults).</summary>
public abstract class DurableStoreFaultScenario : StoreFaultScenario
{
    [Test]
    public void Restarted_EverySessionMadeBeforeIsIntact() =>
        UsersAfterRestart.ShouldBe(["user0", "user1", "user2", "user3"]);
}
