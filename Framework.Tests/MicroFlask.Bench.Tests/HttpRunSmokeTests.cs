using System.Globalization;

namespace MicroFlask.Bench.Tests;

/// <summary>
/// bench/http/run.sh for real, one short run of one row: the table it prints has the row, with requests per second
/// and the server's CPU time per request (from /proc) both above zero, the whole machine's above the server's. Covers the bare Kestrel ceiling server and
/// the many-users session case (sessions.sh making the sessions, cookies.lua cycling through them).
/// </summary>
[TestFixture]
[Category("Bench")]
public class HttpRunSmokeTests
{
    [Test]
    public async Task RunScript_KestrelCeiling_ReportsRequestsAndCpuPerRequest()
    {
        var row = await RunOneRowAsync("kestrel-hello", "–", new Dictionary<string, string?>());

        Number(row, "best req/s").ShouldBeGreaterThan(0);
        Number(row, "CPU µs/req (each run)").ShouldBeGreaterThan(0);
    }

    [Test]
    public async Task RunScript_ManyUsersSession_ReportsRequestsAndCpuPerRequest()
    {
        // The filesystem store: server-side sessions, and no server to run beside it.
        var row = await RunOneRowAsync("microflask-session-filesystem", "50",
            new Dictionary<string, string?> { ["SESSION_MODES"] = "many", ["USERS"] = "50" });

        Number(row, "best req/s").ShouldBeGreaterThan(0);
        var server = Number(row, "CPU µs/req (each run)");
        server.ShouldBeGreaterThan(0);
        // The whole machine's time per request holds the server's own and wrk's besides.
        Number(row, "machine CPU µs/req (each run)").ShouldBeGreaterThan(server);
    }

    private static async Task<IReadOnlyDictionary<string, string>> RunOneRowAsync(string server, string users, Dictionary<string, string?> environment)
    {
        var results = Path.Combine(Path.GetTempPath(), "microflask-bench-run-" + Guid.NewGuid().ToString("N"));
        try
        {
            environment["DURATION"] = "2";
            environment["WARMUP"] = "1";
            environment["RUNS"] = "1";
            environment["RESULTS_DIR"] = results;
            // The build servers are the developer's own; a smoke run has no figures worth stopping them for.
            environment["STOP_BUILD_SERVERS"] = "0";
            var result = await ProcessRunner.RunAsync("bash", ["bench/http/run.sh", server], TimeSpan.FromMinutes(5), Repository.Root, environment);
            var output = result.Output;

            TestContext.Out.WriteLine(output);
            result.ExitCode.ShouldBe(0, output);
            var row = HttpTable.Row(output, server, users);
            row.ShouldNotBeNull($"no row for {server} with users {users} in:\n{output}");
            return row;
        }
        finally
        {
            if (Directory.Exists(results)) Directory.Delete(results, recursive: true);
        }
    }

    private static double Number(IReadOnlyDictionary<string, string> row, string column) =>
        double.TryParse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new AssertionException($"the cell '{column}' holds '{row[column]}', not a number");
}
