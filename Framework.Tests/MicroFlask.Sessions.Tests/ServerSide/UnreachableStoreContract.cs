using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.Tests.ServerSide;

/// <summary>
/// <see cref="SessionStoreContract"/> for a store that can lose what it stores into (a server, a directory, a
/// database file), with the tests of that outage. A store with nothing to lose (memory) inherits the plain contract,
/// so that these tests are not generated for it at all.
/// </summary>
public abstract class UnreachableStoreContract : SessionStoreContract
{
    /// <summary>A store of the same kind that cannot reach its server.</summary>
    protected abstract Task<ISessionStore> CreateUnreachableStoreAsync(TimeProvider clock);

    [Test]
    public async Task Open_StoreUnreachable_Answers503()
    {
        var unreachable = await CreateUnreachableStoreAsync(StoreClock);
        DisposeAfterTest(unreachable);
        var client = CreateApp(store: unreachable).TestClient();
        client.SetCookie("session", new string('A', 43));

        (await client.GetAsync("/get/user")).StatusCode.ShouldBe(503);
    }

    [Test]
    public async Task HealthRoute_StoreUnreachable_Answers503NamingTheStore()
    {
        var unreachable = await CreateUnreachableStoreAsync(StoreClock);
        DisposeAfterTest(unreachable);
        var client = CreateApp(store: unreachable, configure: app => app.AddHealthRoute("/healthz")).TestClient();

        var response = await client.GetAsync("/healthz");

        response.StatusCode.ShouldBe(503);
        response.Text.ShouldStartWith("Unhealthy\nmicroflask-session-store: Unhealthy: " + unreachable);
    }

    [Test]
    public async Task Save_StoreUnreachable_Answers503AndLogsTheStore()
    {
        var unreachable = await CreateUnreachableStoreAsync(StoreClock);
        DisposeAfterTest(unreachable);
        var logs = new ListLoggerProvider();
        var client = CreateApp(store: unreachable, logs: logs).TestClient();

        var response = await client.GetAsync("/set/user/alice");

        response.StatusCode.ShouldBe(503);
        logs.Entries.ShouldContain(e => e.Message.Contains("unavailable", StringComparison.Ordinal) && e.Message.Contains(unreachable.ToString()!, StringComparison.Ordinal));
    }
}
