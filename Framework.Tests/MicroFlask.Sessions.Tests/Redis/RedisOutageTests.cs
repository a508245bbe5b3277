using System.Collections.Concurrent;
using MicroFlask.Sessions.Redis;
using MicroFlask.Testing;

namespace MicroFlask.Sessions.Tests.Redis;

/// <summary>
/// Redis stops during a run of requests and comes back: requests get 503 with a logged reason meanwhile, then succeed
/// again without restarting the app, and a session saved before the outage is still there. The scenario runs once,
/// against a redis-server of its own; each test checks one outcome.
/// </summary>
[External]
[TestFixture]
[NonParallelizable]
public sealed class RedisOutageTests
{
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(20);
    private readonly ConcurrentQueue<(string Phase, int Status)> _responses = new();
    private readonly ListLoggerProvider _logs = new();
    private DedicatedRedisServer _server = null!;
    private RedisSessionStore _store = null!;
    private string _phase = "before";
    private string _userAfterRestart = "";

    [OneTimeSetUp]
    public async Task RunTheOutageAsync()
    {
        _server = await DedicatedRedisServer.StartAsync();
        _store = new RedisSessionStore(_server.Configuration);
        var app = SessionTestApp.Create(new RedisSessionInterface(_store, keyPrefix: "outage:"), logs: _logs);
        var alice = app.TestClient();
        (await alice.GetAsync("/login/alice")).StatusCode.ShouldBe(200);

        using var stop = new CancellationTokenSource();
        var run = RunRequestsAsync(app.TestClient(), stop.Token);
        await WaitForAsync("before", 200);
        await _server.StopAsync();
        _phase = "down";
        await WaitForAsync("down", 503);
        await _server.StartAgainAsync();
        _phase = "restarted";
        await WaitForAsync("restarted", 200);
        stop.Cancel();
        await run;

        _userAfterRestart = (await alice.GetAsync("/get/user")).Text;
    }

    [OneTimeTearDown]
    public async Task TearDownAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }

    [Test]
    public void WhileRedisIsDown_RequestsGet503() =>
        _responses.Where(r => r.Phase == "down").Select(r => r.Status).ShouldContain(503);

    [Test]
    public void WhileRedisIsDown_NoRequestGets500() =>
        _responses.Select(r => r.Status).ShouldAllBe(status => status == 200 || status == 503);

    [Test]
    public void WhileRedisIsDown_TheLogNamesTheStoreAndTheReason() =>
        _logs.Entries.ShouldContain(e => e.Message.Contains($"Session store redis {_server.Configuration} unavailable", StringComparison.Ordinal)
            && e.Message.Contains("RedisConnectionException", StringComparison.Ordinal));

    [Test]
    public void AfterRedisIsBack_RequestsSucceed() =>
        _responses.Last().ShouldBe(("restarted", 200));

    [Test]
    public void AfterRedisIsBack_ASessionSavedBeforeIsStillThere() =>
        _userAfterRestart.ShouldBe("alice");

    private async Task RunRequestsAsync(TestClient client, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var phase = _phase;
            var response = await client.GetAsync($"/set/n/{i}");
            _responses.Enqueue((phase, response.StatusCode));
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WaitForAsync(string phase, int status)
    {
        var deadline = DateTime.UtcNow + PhaseTimeout;
        while (!_responses.Any(r => r.Phase == phase && r.Status == status))
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"No {status} while Redis was {phase} within {PhaseTimeout.TotalSeconds} s; got: {string.Join(", ", _responses)}");
            await Task.Delay(50);
        }
    }
}
