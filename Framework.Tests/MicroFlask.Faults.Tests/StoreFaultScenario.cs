using System.Collections.Concurrent;
using System.Diagnostics;
using MicroFlask.Testing;

namespace MicroFlask.Faults.Tests;

/// <summary>
/// One store's server frozen, thawed, killed and started again under requests to a real app. The scenario runs once
/// per fixture (OneTimeSetUp) against a server of its own; each test checks one outcome.
/// </summary>
public abstract class StoreFaultScenario
{
    /// <summary>SESSION_STORE_TIMEOUT in these tests: short, so that the whole project stays well under two minutes.</summary>
    protected static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(1);

    /// <summary>How much later than SESSION_STORE_TIMEOUT a 503 may come.</summary>
    protected static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan PhaseLimit = TimeSpan.FromSeconds(10);
    private const int Sessions = 4;

    /// <summary>
    /// One scenario's requests at a time in this process; the servers start side by side. Frozen, a lazy store's
    /// synchronous loads (Redis, PostgreSQL) hold a thread-pool thread each for the whole timeout, as they are meant to;
    /// on two cores the pool adds threads slowly, so another scenario's deadlines measured meanwhile timed the starved
    /// pool, not their store (MongoDB's async loads answered after 2.78 s, on time with a larger pool). Within a scenario
    /// the requests still go at once on the default pool: a store that blocks threads still delays its own answers.
    /// </summary>
    private static readonly SemaphoreSlim FaultsGate = new(1, 1);

    /// <summary>How long a scenario waits for the others': each takes some seconds, all of them well under this.</summary>
    private static readonly TimeSpan GateLimit = TimeSpan.FromMinutes(2);

    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly List<TestClient> _clients = [];
    private FaultServer? _server;
    private App? _app;
    private int _logLinesBeforeFaults;

    /// <summary>One response: the phase it was sent in, its status, how long it took; for restarts, how long after the server answered again.</summary>
    protected sealed record Answer(string Phase, int Status, TimeSpan Took, TimeSpan SinceBack);

    /// <summary>What each client read back after the restart (its user, or "&lt;none&gt;").</summary>
    protected IReadOnlyList<string> UsersAfterRestart { get; private set; } = [];

    protected IEnumerable<Answer> AnswersIn(string phase) => _answers.Where(a => a.Phase == phase);

    protected ListLoggerProvider Logs { get; } = new();

    private string LogText => string.Join('\n', Logs.Entries.Select(e => e.Message + (e.Exception is null ? "" : "\n  " + e.Exception)));

    /// <summary>Ends the fixture as <see cref="Prerequisite.Missing"/> says when the server's programs are not installed.</summary>
    private protected abstract void RequireInstalled();

    private protected abstract FaultServer CreateServer();

    /// <summary>SESSION_TYPE and the store's connection key, pointing at <paramref name="server"/>.</summary>
    private protected abstract void Configure(Config config, FaultServer server);

    /// <summary>Whether the store loads a session only when it is touched (docs/sessions.md, "Lazy loading").</summary>
    private protected virtual bool LoadsLazily => false;

    [OneTimeSetUp]
    public async Task RunTheScenarioAsync()
    {
        RequireInstalled();
        _server = CreateServer();
        await _server.StartAsync();
        // From the first connection on, as the scenario runs alone: a store's driver may act on how long they sat idle.
        if (!await FaultsGate.WaitAsync(GateLimit))
            Assert.Fail($"Another fault scenario held the requests for over {GateLimit}: find the one that hangs in this run's output and fix it first.");
        try
        {
            await RunTheRequestsAsync(_server);
        }
        finally
        {
            FaultsGate.Release();
        }
        TestContext.Progress.WriteLine($"{GetType().Name}: " + string.Join(", ", _answers.Select(a => $"{a.Phase} {a.Status} {a.Took.TotalMilliseconds:0} ms")));
    }

    private async Task RunTheRequestsAsync(FaultServer server)
    {
        _app = CreateApp(server);
        for (var i = 0; i < Sessions; i++)
        {
            var client = _app.TestClient();
            _clients.Add(client);
            // The first requests also open the driver's connections, on a machine that may be busy: retried until made.
            await UntilAsync("before", client, $"/set/user/user{i}");
        }
        // What those retries logged (a first connection over the timeout is an outage too) is not the faults' doing.
        _logLinesBeforeFaults = Logs.Entries.Count;

        // Frozen: the sockets stay open and nothing answers; every client asks at once.
        server.Freeze();
        await Task.WhenAll(_clients.Select(client => SendAsync("frozen", client, "/get/user")));
        await Task.WhenAll(_clients.Select(client => SendAsync("frozen-async", client, "/load-async/user")));
        await Task.WhenAll(_clients.Select(client => SendAsync("frozen-untouched", client, "/hello")));
        server.Thaw();
        await UntilAsync("thawed", _clients[0], "/get/user");

        // Killed: connections refused or reset.
        await server.KillAsync();
        foreach (var client in _clients) await SendAsync("killed", client, "/get/user");

        await server.StartAsync();
        var back = Stopwatch.StartNew();
        await UntilAsync("restarted", _clients[0], "/get/user", back);

        var users = new List<string>();
        foreach (var client in _clients) users.Add((await client.GetAsync("/get/user")).Text);
        UsersAfterRestart = users;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }

    [Test]
    public void Frozen_EveryRequestIs503() =>
        AnswersIn("frozen").Select(a => a.Status).ShouldAllBe(status => status == 503);

    [Test]
    public void Frozen_EveryRequestIsAnsweredWithinTheTimeoutAndOneSecond() =>
        AnswersIn("frozen").Max(a => a.Took).ShouldBeLessThan(StoreTimeout + Slack);

    [Test]
    public void Frozen_SessionLoadedAsynchronouslyIs503WithinTheTimeoutAndOneSecond() =>
        AnswersIn("frozen-async").ShouldAllBe(a => a.Status == 503 && a.Took < StoreTimeout + Slack);

    [Test]
    public void Frozen_UntouchedSessionIs200OnALazyStore() =>
        // A store that loads at open cannot answer without its server; a lazy one never asks it.
        AnswersIn("frozen-untouched").Select(a => a.Status).ShouldAllBe(status => status == (LoadsLazily ? 200 : 503));

    [Test]
    public void Killed_EveryRequestIs503() =>
        AnswersIn("killed").Select(a => a.Status).ShouldAllBe(status => status == 503);

    [Test]
    public void Killed_EveryRequestIsAnsweredWithinTheTimeoutAndOneSecond() =>
        AnswersIn("killed").Max(a => a.Took).ShouldBeLessThan(StoreTimeout + Slack);

    [Test]
    public void Restarted_Answers200WithinTwoSecondsOfTheServerAnswering() =>
        AnswersIn("restarted").First(a => a.Status == 200).SinceBack.ShouldBeLessThan(TimeSpan.FromSeconds(2));

    [Test]
    public void Restarted_OnlyAnswers503BeforeTheFirst200() =>
        AnswersIn("restarted").TakeWhile(a => a.Status != 200).Select(a => a.Status).ShouldAllBe(status => status == 503);

    [Test]
    public void Outage_IsLoggedAsAFewLinesNotOnePerRequest() =>
        // Two outages (frozen, killed), each a first line and perhaps a recovery: never one line per failed request.
        Logs.Entries.Skip(_logLinesBeforeFaults).Count(e => e.Message.StartsWith("Session store", StringComparison.Ordinal)).ShouldBeLessThanOrEqualTo(4);

    private App CreateApp(FaultServer server) => FaultApp.Create(Logs, StoreTimeout, config => Configure(config, server));

    private async Task<int> SendAsync(string phase, TestClient client, string path, Stopwatch? back = null)
    {
        var took = Stopwatch.StartNew();
        // A request that hangs is a failure to report, not a test run that never ends.
        var response = await client.GetAsync(path).WaitAsync(PhaseLimit);
        _answers.Enqueue(new Answer(phase, response.StatusCode, took.Elapsed, back?.Elapsed ?? TimeSpan.Zero));
        return response.StatusCode;
    }

    /// <summary>Sends requests every 100 ms until one is a 200 (each recorded), at most <see cref="PhaseLimit"/>.</summary>
    private async Task UntilAsync(string phase, TestClient client, string path, Stopwatch? back = null)
    {
        var limit = Stopwatch.StartNew();
        while (await SendAsync(phase, client, path, back) != 200)
        {
            if (limit.Elapsed > PhaseLimit) Assert.Fail($"No 200 within {PhaseLimit} in phase {phase}:\n{LogText}");
            await Task.Delay(100);
        }
    }
}
