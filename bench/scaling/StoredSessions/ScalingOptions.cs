using System.Globalization;

namespace MicroFlask.Micro.Scaling;

/// <summary>The command line of the stored-sessions benchmark.</summary>
internal sealed record ScalingOptions(
    IReadOnlyList<string> Stores,
    IReadOnlyList<int> Levels,
    int Samples,
    string Redis,
    string Postgres)
{
    internal static ScalingOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--stores"] = "redis,sqlite,postgres,filesystem",
            ["--levels"] = "1000,100000,1000000",
            ["--samples"] = "2000",
            ["--redis"] = "127.0.0.1:18611",
            ["--postgres"] = "postgresql://microflask:microflask@127.0.0.1:5433/microflask_test",
        };
        for (var i = 0; i < args.Length; i++)
        {
            if (!values.ContainsKey(args[i]) || i + 1 == args.Length)
                throw new ArgumentException($"Unknown option '{args[i]}': use {string.Join(", ", values.Keys)}, each followed by its value.");
            values[args[i]] = args[++i];
        }
        var levels = values["--levels"].Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        if (levels.Length == 0 || levels.Zip(levels.Skip(1)).Any(p => p.First >= p.Second) || levels[0] < 1)
            throw new ArgumentException("--levels must be positive counts in increasing order, e.g. 1000,100000,1000000.");
        return new ScalingOptions(
            values["--stores"].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            levels,
            int.Parse(values["--samples"], CultureInfo.InvariantCulture),
            values["--redis"],
            values["--postgres"]);
    }
}
