using System.Globalization;
using System.Text.RegularExpressions;

namespace MicroFlask.Bench.Tests;

/// <summary>
/// bench/scaling/run.sh for real, at two small levels each: the session-size table has CPU per request for both
/// stores and more bytes on the wire for the bigger cookie, and the stored-sessions table has a latency for every
/// store at every level (its fill copied the sessions and they loaded back).
/// </summary>
[TestFixture]
[Category("Bench")]
public partial class ScalingSmokeTests
{
    [Test]
    public async Task ScalingScript_SessionSizeAndStored_PrintTablesWithFigures()
    {
        // The session-size table's Redis rows use the shared redis-server; the stored table, the shared PostgreSQL.
        await Prerequisite.RequireServerAsync("redis", "MICROFLASK_TEST_REDIS", "127.0.0.1:6379");
        await Prerequisite.RequireServerAsync("PostgreSQL", "MICROFLASK_TEST_POSTGRES_ADDRESS", "127.0.0.1:5433");
        var results = Path.Combine(Path.GetTempPath(), "microflask-bench-scaling-" + Guid.NewGuid().ToString("N"));
        try
        {
            var environment = new Dictionary<string, string?>
            {
                ["DURATION"] = "1", ["WARMUP"] = "1", ["USERS"] = "20", ["KEY_LEVELS"] = "1 10",
                ["STORED_LEVELS"] = "100,300", ["STORED_SAMPLES"] = "50",
                ["RESULTS_DIR"] = results, ["STOP_BUILD_SERVERS"] = "0",
            };
            var result = await ProcessRunner.RunAsync("bash", ["bench/scaling/run.sh", "session-size", "stored"], TimeSpan.FromMinutes(6), Repository.Root, environment);
            var output = result.Output;
            TestContext.Out.WriteLine(output);
            result.ExitCode.ShouldBe(0, output);

            var one = Cells(output, "| 1 |");
            var ten = Cells(output, "| 10 |");
            Number(one[1]).ShouldBeGreaterThan(0, "cookie CPU per request");
            Number(one[3]).ShouldBeGreaterThan(0, "Redis CPU per request");
            WireBytes(ten[2]).ShouldBeGreaterThan(WireBytes(one[2]), "ten keys make a bigger cookie than one");
            foreach (var store in new[] { "redis", "sqlite", "postgres", "filesystem" })
            {
                var row = Cells(output, $"| {store} |");
                LatencyRegex().Matches(string.Join("|", row)).Count.ShouldBe(2, $"a p50 / p99 for each level of {store}");
            }
        }
        finally
        {
            if (Directory.Exists(results)) Directory.Delete(results, recursive: true);
        }
    }

    private static string[] Cells(string output, string start)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal));
        line.ShouldNotBeNull($"no row starting '{start}' in:\n{output}");
        return line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
    }

    private static double Number(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new AssertionException($"the cell holds '{cell}', not a number");

    // "sent + answered".
    private static double WireBytes(string cell) => cell.Split('+').Sum(part => Number(part.Trim()));

    [GeneratedRegex(@"\d+ / \d+ µs")]
    private static partial Regex LatencyRegex();
}
