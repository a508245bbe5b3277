using MicroFlask.Routing;

namespace MicroFlask;

public partial class App
{
    /// <summary>
    /// Writes the URL map as a table of endpoint, methods and rule (Flask's <c>flask routes</c>). HEAD and OPTIONS
    /// are left out unless <paramref name="allMethods"/>; <paramref name="sort"/> is "endpoint" (the default),
    /// "methods", "rule" or "match" (the order rules are tried in, which is the order they were added).
    /// </summary>
    public void WriteRoutes(TextWriter output, string sort = "endpoint", bool allMethods = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rules = UrlMap.Rules.ToList();
        if (rules.Count == 0)
        {
            output.WriteLine("No routes were registered.");
            return;
        }

        string Methods(Rule rule) => string.Join(", ", rule.Methods
            .Where(m => allMethods || m is not ("HEAD" or "OPTIONS"))
            .Order(StringComparer.Ordinal));

        IEnumerable<Rule> ordered = sort switch
        {
            "endpoint" => rules.OrderBy(r => r.Endpoint, StringComparer.Ordinal).ThenBy(r => r.Pattern, StringComparer.Ordinal),
            "methods" => rules.OrderBy(Methods, StringComparer.Ordinal).ThenBy(r => r.Endpoint, StringComparer.Ordinal),
            "rule" => rules.OrderBy(r => r.Pattern, StringComparer.Ordinal),
            "match" => rules,
            _ => throw new ArgumentException($"Unknown sort '{sort}'; use endpoint, methods, rule or match.", nameof(sort)),
        };

        var rows = ordered.Select(r => (r.Endpoint, Methods: Methods(r), r.Pattern)).ToList();
        var widths = (
            Math.Max("Endpoint".Length, rows.Max(r => r.Endpoint.Length)),
            Math.Max("Methods".Length, rows.Max(r => r.Methods.Length)),
            Math.Max("Rule".Length, rows.Max(r => r.Pattern.Length)));

        void Row(string endpoint, string methods, string rule) =>
            output.WriteLine($"{endpoint.PadRight(widths.Item1)}  {methods.PadRight(widths.Item2)}  {rule}".TrimEnd());

        Row("Endpoint", "Methods", "Rule");
        Row(new string('-', widths.Item1), new string('-', widths.Item2), new string('-', widths.Item3));
        foreach (var (endpoint, methods, pattern) in rows) Row(endpoint, methods, pattern);
    }

    /// <summary>
    /// Runs a command named by <paramref name="args"/>[0] instead of serving; true when there was one. Only
    /// <c>routes</c> (options <c>--sort</c>/<c>-s</c> and <c>--all-methods</c>) for now.
    /// </summary>
    private bool TryRunCommand(string[] args)
    {
        if (args.Length == 0 || args[0] != "routes") return false;
        var sort = "endpoint";
        var allMethods = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--all-methods":
                    allMethods = true;
                    break;
                case "--sort" or "-s" when i + 1 < args.Length:
                    sort = args[++i];
                    break;
                case var option when option.StartsWith("--sort=", StringComparison.Ordinal):
                    sort = option["--sort=".Length..];
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}' for routes; use --sort endpoint|methods|rule|match and --all-methods.");
            }
        }
        WriteRoutes(Console.Out, sort, allMethods);
        return true;
    }
}
