using MicroFlask.Sessions.ServerSide;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Tests.Sessions;

/// <summary>An outage is three kinds of line: the first failure, a count every 10 s, the recovery.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class StoreOutageLogTests
{
    private readonly ListLoggerProvider _logs = new();
    private readonly FakeTimeProvider _clock = new();
    private readonly StoreOutageLog _outage = new();

    private ILogger Logger => _logs.CreateLogger("test");

    private string[] Lines => _logs.Entries.Select(e => e.Message).ToArray();

    private void Fail(string reason = "load failed: connection refused") =>
        _outage.Failed(Logger, _clock.GetUtcNow(), "redis 127.0.0.1:18700", "GET", "/", reason);

    private void Succeed() => _outage.Succeeded(Logger, _clock.GetUtcNow());

    [Test]
    public void Failed_ManyTimesWithinTenSeconds_LogsOnlyTheFirst()
    {
        for (var i = 0; i < 100; i++)
        {
            Fail();
            _clock.Advance(TimeSpan.FromMilliseconds(90));
        }

        Lines.Length.ShouldBe(1);
    }

    [Test]
    public void Failed_First_LogsTheStoreAndTheReasonWithoutAStackTrace()
    {
        Fail();

        _logs.Entries.Single().ShouldSatisfyAllConditions(
            e => e.Level.ShouldBe(LogLevel.Error),
            e => e.Message.ShouldStartWith("Session store redis 127.0.0.1:18700 unavailable for GET /: load failed: connection refused"),
            e => e.Exception.ShouldBeNull());
    }

    [Test]
    public void Failed_AfterTenSeconds_LogsTheCountSinceTheLastLine()
    {
        Fail();
        for (var i = 0; i < 7; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            Fail("load timed out after 1 s");
        }
        _clock.Advance(TimeSpan.FromSeconds(3));

        Fail("load timed out after 1 s");

        Lines.ShouldBe([Lines[0], "Session store redis 127.0.0.1:18700 still unavailable: 8 more requests failed in the last 10 s; latest reason: load timed out after 1 s"]);
    }

    [Test]
    public void Succeeded_AfterAnOutage_LogsTheRecoveryOnce()
    {
        Fail();
        _clock.Advance(TimeSpan.FromSeconds(2));
        Fail();
        _clock.Advance(TimeSpan.FromSeconds(2));

        Succeed();
        Succeed();

        Lines.ShouldBe([Lines[0], "Session store redis 127.0.0.1:18700 answers again: 2 requests failed over 2 s."]);
    }

    [Test]
    public void Succeeded_WhileOtherRequestsStillFail_KeepsTheOutageOpen()
    {
        // One shard of a cluster down: successes and failures interleave; that is one outage, not a line per request.
        for (var i = 0; i < 20; i++)
        {
            Fail();
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            Succeed();
        }

        Lines.Length.ShouldBe(1);
    }

    [Test]
    public void Failed_AfterARecovery_StartsANewOutage()
    {
        Fail();
        _clock.Advance(TimeSpan.FromSeconds(2));
        Succeed();

        Fail("save failed: connection reset");

        Lines.Length.ShouldBe(3);
        Lines[2].ShouldStartWith("Session store redis 127.0.0.1:18700 unavailable for GET /: save failed: connection reset");
    }

    [Test]
    public void Succeeded_WithoutAnOutage_LogsNothing()
    {
        Succeed();

        Lines.ShouldBeEmpty();
    }
}
