using MicroFlask.Http;

namespace MicroFlask.Routing;

/// <summary>One step of building a URL: already encoded literal text, or the variable at an index.</summary>
internal readonly record struct BuildStep(string? EncodedText, int VariableIndex)
{
    public static BuildStep Text(string text) => new(UrlEncoding.QuotePath(text), -1);

    public static BuildStep Variable(int index) => new(null, index);
}
