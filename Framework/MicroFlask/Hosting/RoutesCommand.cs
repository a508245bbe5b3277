using MicroFlask.Routing;

namespace MicroFlask.Hosting;

/// <summary>The <c>routes</c> command (Flask's <c>flask routes</c>): the URL map as a table of endpoint, methods and rule.</summary>
internal static class RoutesCommand
{
    /// <summary>Writes <paramref name="map"/>'s rules to <paramref name="output"/>; see <see cref="App.WriteRoutes"/>.</summary>
    internal static void Write(Map map, TextWriter output, string sort, bool allMethods)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rules = map.Rules.ToList();
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
}
