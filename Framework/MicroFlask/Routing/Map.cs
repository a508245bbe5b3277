using System.Text.RegularExpressions;
using MicroFlask.Http;

namespace MicroFlask.Routing;

/// <summary>Temporary stand-in until the routing branch lands.</summary>
public sealed class Map
{
    private readonly List<Rule> _rules = new();
    public bool StrictSlashes { get; set; } = true;
    public IReadOnlyList<Rule> Rules => _rules;

    public Rule Add(string pattern, string endpoint, IEnumerable<string>? methods = null, bool? strictSlashes = null, object? handler = null)
    {
        var names = new List<string>();
        var regex = "^" + Regex.Replace(Regex.Escape(pattern).Replace("<", "<").Replace(">", ">"), @"<(?:(\w+):)?(\w+)>", m =>
        {
            names.Add(m.Groups[2].Value);
            return m.Groups[1].Value == "int" ? $"(?<{m.Groups[2].Value}>\\d+)" : $"(?<{m.Groups[2].Value}>[^/]+)";
        }) + "$";
        var set = (methods ?? ["GET"]).Select(m => m.ToUpperInvariant()).ToHashSet();
        if (set.Contains("GET")) set.Add("HEAD");
        var rule = new Rule(pattern, endpoint, set, names, new Regex(regex), strictSlashes ?? StrictSlashes) { Handler = handler };
        _rules.Add(rule);
        return rule;
    }

    public RouteMatch Match(string path, string method)
    {
        var allowed = new HashSet<string>();
        foreach (var rule in _rules)
        {
            var m = rule.Regex.Match(path);
            if (!m.Success)
            {
                if (rule.Pattern.EndsWith('/') && rule.Regex.IsMatch(path + "/")) throw new RequestRedirectException(path + "/");
                continue;
            }
            if (!rule.Methods.Contains(method)) { allowed.UnionWith(rule.Methods); continue; }
            var args = new Dictionary<string, object?>();
            foreach (var name in rule.Arguments) args[name] = rule.Pattern.Contains("<int:" + name) ? int.Parse(m.Groups[name].Value) : m.Groups[name].Value;
            return new RouteMatch(rule, args);
        }
        if (allowed.Count > 0) throw new MethodNotAllowedException(allowed);
        throw new HttpException(404);
    }

    public IReadOnlySet<string> AllowedMethods(string path) =>
        _rules.Where(r => r.Regex.IsMatch(path)).SelectMany(r => r.Methods).ToHashSet();

    public string Build(string endpoint, IReadOnlyDictionary<string, object?>? values = null, string? method = null)
    {
        var rule = _rules.First(r => r.Endpoint == endpoint);
        var path = Regex.Replace(rule.Pattern, @"<(?:(\w+):)?(\w+)>", m => Uri.EscapeDataString(values![m.Groups[2].Value]!.ToString()!));
        var extra = values?.Where(v => !rule.Arguments.Contains(v.Key)).Select(v => v.Key + "=" + Uri.EscapeDataString(v.Value!.ToString()!)).ToList();
        return extra is { Count: > 0 } ? path + "?" + string.Join("&", extra) : path;
    }
}
