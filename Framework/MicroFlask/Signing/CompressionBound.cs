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

    // c * log2(c) for every count a checked payload can hold, so the entropy costs no logarithm per request.
    private static readonly double[] CountBits = BuildCountBits();

    /// <summary>n times the order-0 entropy in bits: the fewest bits any prefix code spends on these bytes.</summary>
    private static double Entropy(ReadOnlySpan<byte> data)
    {
        // Counts fit a byte: data is at most MaxChecked long.
        Span<byte> counts = stackalloc byte[256];
        counts.Clear();
        foreach (var b in data) counts[b]++;

        var bits = CountBits[data.Length];
        foreach (var b in data)
        {
            // Each distinct byte subtracts its count once; clearing it marks it as done.
            bits -= CountBits[counts[b]];
            counts[b] = 0;
        }

        return bits;
    }

    private static bool HasRepeatedTriple(ReadOnlySpan<byte> data)
    {
        // An open-addressing set of the 3-byte sequences seen, at most half full; 0 marks a free slot, so each
        // triple is stored plus one.
        const int Slots = 2 * MaxChecked;
        Span<int> seen = stackalloc int[Slots];
        seen.Clear();
        for (var i = 0; i + 2 < data.Length; i++)
        {
            var triple = ((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]) + 1;
            var slot = (int)(((uint)triple * 2654435761u) >> 25);
            while (seen[slot] != 0)
            {
                if (seen[slot] == triple) return true;
                slot = (slot + 1) & (Slots - 1);
            }

            seen[slot] = triple;
        }

        return false;
    }

    private static double[] BuildCountBits()
    {
        var table = new double[MaxChecked + 1];
        for (var c = 1; c <= MaxChecked; c++) table[c] = c * Math.Log2(c);
        return table;
    }
}
