namespace MicroFlask.Sessions.Json;

/// <summary>
/// Orders strings by Unicode code point, as Python's <c>sort_keys</c> does. Ordinal UTF-16 order differs for
/// characters above U+FFFF, which sort after U+E000–U+FFFF in Python but before them in UTF-16.
/// </summary>
internal sealed class CodePointComparer : IComparer<string>
{
    public static CodePointComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var length = Math.Min(x.Length, y.Length);
        var common = x.AsSpan(0, length).CommonPrefixLength(y.AsSpan(0, length));
        if (common == length)
        {
            return x.Length - y.Length;
        }

        return Fixup(x[common]) - Fixup(y[common]);
    }

    // Moves surrogates above U+E000–U+FFFF, which puts UTF-16 units in code point order.
    private static int Fixup(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
