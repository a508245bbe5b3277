namespace MicroFlask.Docs.Tests;

/// <summary>One ```csharp block of a Markdown file, as <see cref="DocSampleReader"/> found it.</summary>
/// <param name="File">The Markdown file, relative to the repository's root (docs/quickstart.md).</param>
/// <param name="Line">The line of the opening fence, 1-based, as an editor shows it.</param>
/// <param name="Code">The lines between the fences.</param>
public sealed record DocSample(string File, int Line, string Code)
{
    private const string FragmentMarker = "// fragment";
    private const string ClassMarker = "// fragment of a class";
    private const string WithMarker = "// fragment with ";
    private const string NotCompiledMarker = "// not-compiled";

    /// <summary>The block's first line, where a marker goes.</summary>
    public string FirstLine => Code.Split('\n')[0].Trim();

    /// <summary>What the block is, from the marker on its first line (see <see cref="DocSampleTests"/>).</summary>
    public DocSampleKind Kind => FirstLine switch
    {
        var line when line.StartsWith(NotCompiledMarker, StringComparison.Ordinal) => DocSampleKind.NotCompiled,
        var line when line.StartsWith(ClassMarker, StringComparison.Ordinal) => DocSampleKind.Members,
        var line when line.StartsWith(FragmentMarker, StringComparison.Ordinal) => DocSampleKind.Statements,
        _ => DocSampleKind.Program,
    };

    /// <summary>The variables a "// fragment with T name, U other" marker declares, as C# parameters; else empty.</summary>
    public string Variables => FirstLine.StartsWith(WithMarker, StringComparison.Ordinal) ? FirstLine[WithMarker.Length..].Trim() : "";

    /// <summary>Why a "// not-compiled: reason" block is not compiled; empty when the marker gives none.</summary>
    public string NotCompiledReason =>
        Kind == DocSampleKind.NotCompiled ? FirstLine[NotCompiledMarker.Length..].TrimStart(':').Trim() : "";

    /// <summary>Where the block is, as a test name and in a failure: docs/quickstart.md:55.</summary>
    public override string ToString() => $"{File}:{Line}";
}
