using System.Globalization;
using MicroFlask.Micro.Scaling;

// Stored sessions 1,000 / 100,000 / 1,000,000: does one session's load + save stay flat as the store fills?
//   dotnet run -c Release --project bench/scaling/StoredSessions -- [--stores redis,sqlite,postgres,filesystem]
//       [--levels 1000,100000,1000000] [--samples 2000] [--redis 127.0.0.1:18611] [--postgres URL]
// Prints a markdown table on stdout (p50 / p99 of one load followed by one save, in µs, one at a time);
// progress goes to stderr.
var options = ScalingOptions.Parse(args);
var rows = new List<string>();
foreach (var name in options.Stores)
{
    await using var target = StoreTarget.Create(name, options);
    var cells = new List<LatencySummary>();
    var count = 0;
    foreach (var level in options.Levels)
    {
        var started = DateTime.UtcNow;
        await target.FillAsync(count, level);
        count = level;
        Console.Error.WriteLine($">> {name}: {level:N0} sessions stored in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
        cells.Add(await LatencySummary.MeasureAsync(target.Store, level, options.Samples));
    }
    var first = cells[0];
    var last = cells[^1];
    var growth = last.P50 / first.P50;
    rows.Add($"| {name} | {string.Join(" | ", cells.Select(c => c.ToString()))} | {growth.ToString("F2", CultureInfo.InvariantCulture)}x |");
}

Console.WriteLine($"| store | {string.Join(" | ", options.Levels.Select(l => l.ToString("N0", CultureInfo.InvariantCulture) + " stored"))} | p50 last / first |");
Console.WriteLine($"|---|{string.Concat(options.Levels.Select(_ => "---:|"))}---:|");
foreach (var row in rows) Console.WriteLine(row);
return 0;
