using Microsoft.CodeAnalysis;

namespace MicroFlask.Docs.Tests;

/// <summary>
/// Every ```csharp block of README.md and docs/**/*.md compiles, so that a doc sample never breaks silently. One test
/// case per block, named by file and line. The block's first line says what it is:
/// <list type="bullet">
/// <item>no marker: a whole program (top-level statements, with its own usings), as in Program.cs;</item>
/// <item><c>// fragment</c>: statements, compiled in a method where <c>App app</c> is in scope; its usings are hoisted;</item>
/// <item><c>// fragment with IMongoClient client, TimeProvider clock</c>: the same, with those variables in scope too;</item>
/// <item><c>// fragment of a class</c>: members (a method, a field), compiled in a class;</item>
/// <item><c>// not-compiled: reason</c>: not compiled at all (or use another fence language, e.g. ```text).</item>
/// </list>
/// Every block also sees the implicit usings of an SDK project (System, System.Linq, System.Threading.Tasks...).
/// </summary>
public class DocSampleTests
{
    public static IEnumerable<TestCaseData> Samples =>
        DocSampleReader.ReadAll(Repository.Root)
            .Where(sample => sample.Kind != DocSampleKind.NotCompiled || sample.NotCompiledReason.Length == 0)
            .Select(sample => new TestCaseData(sample).SetArgDisplayNames(sample.ToString()));

    [TestCaseSource(nameof(Samples))]
    public void Sample_Compiles(DocSample sample)
    {
        sample.Kind.ShouldNotBe(DocSampleKind.NotCompiled, $"{sample}: say why it is not compiled: // not-compiled: <reason>.");

        var errors = DocSampleCompiler.Compile(sample);

        errors.Select(Describe).ShouldBeEmpty($"{sample} does not compile. Is it a fragment? Then mark its first line (see DocSampleTests).");
    }

    [Test]
    public void ReadAll_RepositoryDocs_FindsTheReadmeSample()
    {
        var samples = DocSampleReader.ReadAll(Repository.Root).ToList();

        samples.ShouldContain(sample => sample.File == "README.md" && sample.Code.Contains("new App()", StringComparison.Ordinal));
        samples.ShouldContain(sample => sample.File.StartsWith("docs/stores/", StringComparison.Ordinal));
    }

    [Test]
    public void Read_OtherFenceLanguages_AreNotSamples()
    {
        var samples = DocSampleReader.Read("x.md", ["```sh", "./build.sh test", "```", "text", "```csharp", "var a = 1;", "```"]).ToList();

        samples.ShouldHaveSingleItem().ShouldBe(new DocSample("x.md", 5, "var a = 1;"));
    }

    [Test]
    public void Compile_BrokenProgram_ReportsTheErrorAtItsMarkdownLine()
    {
        var errors = DocSampleCompiler.Compile(new DocSample("docs/x.md", 10, "using MicroFlask;\n\nvar app = new App();\napp.NoSuchMethod();"));

        var error = errors.ShouldHaveSingleItem();
        error.Id.ShouldBe("CS1061");
        error.Location.GetMappedLineSpan().StartLinePosition.Line.ShouldBe(13); // 0-based: line 14 of docs/x.md
        error.Location.GetMappedLineSpan().Path.ShouldBe("docs/x.md");
    }

    [Test]
    public void Compile_FragmentUsingApp_Compiles() =>
        DocSampleCompiler.Compile(new DocSample("x.md", 1, "// fragment\napp.Route(\"/\", () => \"Hello\");")).ShouldBeEmpty();

    [Test]
    public void Compile_FragmentWithoutMarker_FailsAsAProgram() =>
        DocSampleCompiler.Compile(new DocSample("x.md", 1, "app.Route(\"/\", () => \"Hello\");")).ShouldContain(e => e.Id == "CS0103");

    [Test]
    public void Compile_FragmentWithVariables_SeesThemAndItsUsings() =>
        DocSampleCompiler.Compile(new DocSample("x.md", 1,
            "// fragment with TimeProvider clock, ILogger log\nusing Microsoft.Extensions.Logging;\nlog.LogInformation(\"{Now}\", clock.GetUtcNow());"))
            .ShouldBeEmpty();

    [Test]
    public void Compile_ClassFragment_CompilesMembers() =>
        DocSampleCompiler.Compile(new DocSample("x.md", 1, "// fragment of a class\nprivate int _n;\npublic async Task<int> NextAsync() { await Task.Yield(); return ++_n; }"))
            .ShouldBeEmpty();

    private static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        return $"  {span.Path}:{span.StartLinePosition.Line + 1}: {diagnostic.Id} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
