namespace MicroFlask.Signing;

/// <summary>
/// Proves, without running zlib, that compressing a short payload cannot save the two bytes itsdangerous asks for
/// (the compressed form is kept only when it is shorter than the payload minus one). Starting a zlib stream costs
/// more than the rest of a session save, and most session payloads are too short to gain, so this check lets the
/// serializer skip it while deciding exactly as running zlib would.
/// </summary>
/// <remarks>
/// A zlib stream is 2 header bytes, the deflate data and a 4-byte checksum, so compression pays only when the deflate
/// data fits in n - 8 bytes. Deflate copies only repeats of 3 bytes or more; a payload without a repeated 3-byte
/// sequence is all literals. zlib writes an input this short as one block: stored (8 bits a byte plus 5 bytes),
/// fixed Huffman (at least 8 bits for an ASCII byte) or dynamic Huffman (at least 29 bits of header, the end-of-block
/// code, and by Kraft's inequality at least the payload's order-0 entropy for its literals).
/// </remarks>
internal static class CompressionBound
{
    // Above this length the entropy bound no longer rules out a dynamic block for JSON text: not worth counting.
    private const int MaxChecked = 64;

    /// <summary>True when zlib cannot make <paramref name="data"/> shorter than <c>data.Length - 1</c>.</summary>
    public static bool CannotSave(ReadOnlySpan<byte> data)
    {
        var n = data.Length;
        if (n <= 8) return true;
        if (n > MaxChecked || HasRepeatedTriple(data)) return false;

        // Bits of the best block for all-literal data, against the most that would still pay: 8 * (n - 8).
        var fixedBits = 3 + (8 * n) + 7;
        var dynamicBits = 3 + 14 + 12 + 1 + Entropy(data);
        return Math.Min(fixedBits, dynamicBits) > 8 * (n - 8) + 1e-6;
    }

    /// <summary>n times the order-0 entropy in bits: the fewest bits any prefix code spends on these bytes.</summary>
    private static double Entropy(ReadOnlySpan<byte> data)
    {
        Span<byte> sorted = stackalloc byte[MaxChecked];
        sorted = sorted[..data.Length];
        data.CopyTo(sorted);
        sorted.Sort();
        var n = data.Length;
        var bits = n * Math.Log2(n);
        var run = 1;
        for (var i = 1; i <= n; i++)
        {
            if (i < n && sorted[i] == sorted[i - 1])
            {
                run++;
                continue;
            }

            bits -= run * Math.Log2(run);
            run = 1;
        }

        return bits;
    }

    private static bool HasRepeatedTriple(ReadOnlySpan<byte> data)
    {
        Span<int> triples = stackalloc int[MaxChecked];
        triples = triples[..(data.Length - 2)];
        for (var i = 0; i < triples.Length; i++)
        {
            triples[i] = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        }

        triples.Sort();
        for (var i = 1; i < triples.Length; i++)
        {
            if (triples[i] == triples[i - 1]) return true;
        }

        return false;
    }
}
