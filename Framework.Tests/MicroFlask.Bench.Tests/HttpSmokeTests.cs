namespace MicroFlask.Bench.Tests;

/// <summary>
/// bench/http/smoke.sh over every server of servers.sh, MicroFlask's five, the peers and the Kestrel ceiling: each starts and answers
/// "Hello", or a session counter that goes from 1 to 2 when the client sends its cookie back. It installs what it
/// needs (gunicorn, Flask-Session, wrk...) with apt-get and uses the Redis of scripts/services.sh.
/// </summary>
[TestFixture]
[Category("Bench")]
public class HttpSmokeTests
{
    [Test]
    public async Task SmokeScript_EveryBenchServer_AnswersCorrectly()
    {
        var result = await ProcessRunner.RunAsync("bash", ["bench/http/smoke.sh"], TimeSpan.FromMinutes(6), Repository.Root);

        TestContext.Out.WriteLine(result.Output);
        result.ExitCode.ShouldBe(0, result.Output);
    }
}
