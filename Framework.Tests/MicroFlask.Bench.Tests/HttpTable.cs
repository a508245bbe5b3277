namespace MicroFlask.Bench.Tests;

/// <summary>Reads bench/http/run.sh's markdown table: one row's cells by column header.</summary>
internal static class HttpTable
{
    /// <summary>
    /// The row of <paramref name="server"/> whose users cell is <paramref name="users"/> ("–" for hello, a count for
    /// the many-users row), as header to cell; null when the output has no such row.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? Row(string output, string server, string users)
    {
        string[]? headers = null;
        foreach (var line in output.Split('\n'))
        {
            if (!line.StartsWith('|')) continue;
            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells[0] == "case")
            {
                headers = cells;
                continue;
            }
            if (headers is null || cells.Length != headers.Length) continue;
            if (cells[1] == server && cells[2] == users)
            {
                return headers.Zip(cells).ToDictionary(p => p.First, p => p.Second);
            }
        }
        return null;
    }
}
