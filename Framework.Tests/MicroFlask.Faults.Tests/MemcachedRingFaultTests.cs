using MicroFlask.Sessions.Memcached;
using MicroFlask.Sessions.ServerSide;
using MicroFlask.Testing;

namespace MicroFlask.Faults.Tests;

/// <summary>
/// SESSION_MEMCACHED with two servers of our own, one killed: memcached is a cache, so only the sessions on that server
/// are unavailable (a 503, as Flask-Session's clients raise, not a silent empty session) while the others go on; after
/// the restart those sessions open empty (their data went with the process) and work again.
/// </summary>
[TestFixture]
public sealed class MemcachedRingFaultTests
{
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);
    private const string Prefix = "faults:";

    private readonly ListLoggerProvider _logs = new();
    private readonly List<(TestClient Client, string User)> _survivors = [];
    private readonly List<(TestClient Client, string User)> _victims = [];
    private readonly List<(string Client, int Status, TimeSpan Took)> _whileKilled = [];
    private readonly List<(string Read, string User)> _survivorReads = [];
    private readonly List<string> _survivorsAfterRestart = [];
    private readonly List<string> _victimsAfterRestart = [];
    private readonly List<string> _victimsSetAgain = [];
    private string[] _outageLines = [];
    private MemcachedFaultServer? _kept;
    private MemcachedFaultServer? _killed;
    private App? _app;

    [OneTimeSetUp]
    public async Task RunTheScenarioAsync()
    {
        if (MemcachedFaultServer.Program is null) Prerequisite.Missing("memcached", "not on the PATH", "Install it with `scripts/services.sh start`.");
        _kept = new MemcachedFaultServer(18820);
        _killed = new MemcachedFaultServer(18821);
        await Task.WhenAll(_kept.StartAsync(), _killed.StartAsync());
        _app = FaultApp.Create(_logs, StoreTimeout, config =>
        {
            config["SESSION_TYPE"] = "memcached";
            // A list of "host:port", as Flask-Session's memcached clients take it.
            config["SESSION_MEMCACHED"] = new List<string> { $"127.0.0.1:{_kept.Port}", $"127.0.0.1:{_killed.Port}" };
        });
        var store = (MemcachedSessionStore)((ServerSideSessionInterface)_app.SessionInterface).Store;
        for (var i = 0; (_survivors.Count < 3 || _victims.Count < 3) && i < 200; i++)
        {
            var client = _app.TestClient();
            await UntilOkAsync(client, $"/set/user/user{i}");
            var onKilled = store.ServerOf(Prefix + client.GetCookie("session")) == $"127.0.0.1:{_killed.Port}";
            (onKilled ? _victims : _survivors).Add((client, $"user{i}"));
        }
        var linesBefore = _logs.Entries.Count;

        await _killed.KillAsync();
        // Victims, then survivors more than a second (StoreOutageLog.QuietPeriod) later, in turns: the successes on the
        // other server must not end the killed one's outage, to start it again at the next victim.
        for (var round = 0; round < 3; round++)
        {
            foreach (var (client, _) in _victims) await SendWhileKilledAsync("victim", client);
            await Task.Delay(1200);
            foreach (var (client, user) in _survivors) _survivorReads.Add((await SendWhileKilledAsync("survivor", client), user));
        }
        _outageLines = [.. _logs.Entries.Skip(linesBefore).Select(e => e.Message).Where(m => m.StartsWith("Session store", StringComparison.Ordinal))];

        await _killed.StartAsync();
        await Task.Delay(StoreTimeout);
        foreach (var (client, _) in _survivors) _survivorsAfterRestart.Add((await client.GetAsync("/get/user")).Text);
        foreach (var (client, _) in _victims) _victimsAfterRestart.Add(await UntilOkAsync(client, "/get/user"));
        foreach (var (client, user) in _victims)
        {
            await UntilOkAsync(client, $"/set/user/{user}-again");
            _victimsSetAgain.Add((await client.GetAsync("/get/user")).Text);
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_kept is not null) await _kept.DisposeAsync();
        if (_killed is not null) await _killed.DisposeAsync();
    }

    [Test]
    public void Killed_SessionsOnTheOtherServerAnswer200() =>
        _whileKilled.Where(a => a.Client == "survivor").Select(a => a.Status).ShouldAllBe(status => status == 200);

    [Test]
    public void Killed_SessionsOnTheKilledServerAre503() =>
        _whileKilled.Where(a => a.Client == "victim").Select(a => a.Status).ShouldAllBe(status => status == 503);

    [Test]
    public void Killed_EveryRequestIsAnsweredWithinTheTimeoutAndOneSecond() =>
        _whileKilled.Max(a => a.Took).ShouldBeLessThan(StoreTimeout + Slack);

    [Test]
    public void Killed_IsOneLogLineNamingTheKilledServer() =>
        _outageLines.ShouldHaveSingleItem().ShouldContain($"(server 127.0.0.1:{_killed!.Port})");

    [Test]
    public void Restarted_SessionsOnTheOtherServerKeptTheirData() =>
        _survivorsAfterRestart.ShouldBe(_survivors.Select(s => s.User));

    [Test]
    public void Restarted_SessionsOnTheKilledServerOpenEmpty() =>
        _victimsAfterRestart.ShouldAllBe(user => user == "<none>");

    [Test]
    public void Restarted_SessionsOnTheKilledServerWorkAgain() =>
        _victimsSetAgain.ShouldBe(_victims.Select(v => v.User + "-again"));

    [Test]
    public void Killed_SessionsOnTheOtherServerKeepTheirData() =>
        _survivorReads.ShouldAllBe(read => read.Read == read.User);

    private async Task<string> SendWhileKilledAsync(string client, TestClient session)
    {
        var took = System.Diagnostics.Stopwatch.StartNew();
        // A request that hangs is a failure to report, not a test run that never ends.
        var response = await session.GetAsync("/get/user").WaitAsync(TimeSpan.FromSeconds(10));
        _whileKilled.Add((client, response.StatusCode, took.Elapsed));
        return response.Text;
    }

    private static async Task<string> UntilOkAsync(TestClient client, string path)
    {
        var limit = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode == 200) return response.Text;
            if (limit.Elapsed > TimeSpan.FromSeconds(10)) Assert.Fail($"No 200 within 10 s for {path}: {response.StatusCode}");
            await Task.Delay(100);
        }
    }
}
