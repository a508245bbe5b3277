namespace MicroFlask.Bench.Tests;

/// <summary>
/// bench/micro in BenchmarkDotNet's Dry job (one iteration, in this process's toolchain rather than a generated
/// project): a benchmark that throws or no longer builds fails here, long before anyone wants its figures.
/// </summary>
[TestFixture]
[Category("Bench")]
public class MicroBenchmarkSmokeTests
{
    private static readonly string[] Benchmarks =
    [
        "SignerSign", "SignerUnsign", "TaggedJsonDumps", "TaggedJsonLoads", "OpenAndSaveFiveKeys",
        "MatchStatic", "MatchDynamic", "Hello", "CookieSessionCounter", "FlaskrIndex20Posts", "HelloObserved",
        // RoutingScaleBenchmarks: each method in a 10-rule and in a 10,000-rule map.
        "MatchDynamic(Rules=10)", "MatchDynamic(Rules=10000)", "MatchStatic(Rules=10)", "MatchStatic(Rules=10000)",
    ];

    [Test]
    public async Task MicroBenchmarks_DryJob_EveryBenchmarkRuns()
    {
        var artifacts = Path.Combine(Path.GetTempPath(), "microflask-bench-dry-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await ProcessRunner.RunAsync("dotnet",
                ["run", "-c", "Release", "--project", "bench/micro", "--", "--filter", "*", "--job", "Dry", "--inProcess",
                 "--artifacts", artifacts],
                TimeSpan.FromMinutes(3), Repository.Root);

            TestContext.Out.WriteLine(result.Output);
            result.ExitCode.ShouldBe(0, result.Output);
            var output = result.Output;
            output.ShouldContain($"executed benchmarks: {Benchmarks.Length}", Case.Sensitive, output);
        }
        finally
        {
            if (Directory.Exists(artifacts)) Directory.Delete(artifacts, recursive: true);
        }
    }
}
