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
        "MatchStatic", "MatchDynamic", "Hello", "CookieSessionCounter", "FlaskrIndex20Posts",
    ];

    [Test]
    public void MicroBenchmarks_DryJob_EveryBenchmarkRuns()
    {
        var artifacts = Path.Combine(Path.GetTempPath(), "microflask-bench-dry-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, output) = BenchProcess.Run("dotnet",
                ["run", "-c", "Release", "--project", "bench/micro", "--", "--filter", "*", "--job", "Dry", "--inProcess",
                 "--artifacts", artifacts],
                TimeSpan.FromMinutes(3));

            TestContext.Out.WriteLine(output);
            exitCode.ShouldBe(0, output);
            output.ShouldContain($"executed benchmarks: {Benchmarks.Length}", Case.Sensitive, output);
        }
        finally
        {
            if (Directory.Exists(artifacts)) Directory.Delete(artifacts, recursive: true);
        }
    }
}
