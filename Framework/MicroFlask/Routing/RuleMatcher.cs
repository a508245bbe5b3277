namespace MicroFlask.Routing;

/// <summary>
/// Matches paths segment by segment through a tree of rule parts, as Werkzeug's state machine does: at each
/// segment the literal branch is tried first, then the dynamic parts in weight order, backtracking on failure.
/// </summary>
internal sealed class RuleMatcher
{
    private readonly Node _root = new();

    public void Add(Rule rule)
    {
        var node = _root;
        foreach (var part in rule.Parts)
        {
            node = part.IsStatic ? node.StaticChild(part.Content) : node.DynamicChild(part);
        }

        node.Rules.Add(rule);
    }

    /// <summary>
    /// Finds the rule for <paramref name="path"/> (starting with '/') and <paramref name="method"/>; a null
    /// method accepts nothing, which collects every method the path allows.
    /// </summary>
    public Outcome Match(string path, string? method)
    {
        var search = new Search(path, method);
        search.Run(_root, 0);
        return new Outcome(search.Rule, search.Arguments, search.SlashRequired, search.Allowed);
    }

    internal readonly record struct Outcome(
        Rule? Rule, IReadOnlyDictionary<string, object?>? Arguments, bool SlashRequired, HashSet<string>? Allowed);

    private sealed class Node
    {
        private Dictionary<string, Node>? _static;

        // Lets matching look segments up as spans of the path, without cutting them into strings.
        private Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> _staticBySpan;

        public List<(RulePart Part, Node Next)> Dynamic { get; } = [];

        public List<Rule> Rules { get; } = [];

        public bool TryGetStatic(ReadOnlySpan<char> segment, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Node? next)
        {
            next = null;
            return _static is not null && _staticBySpan.TryGetValue(segment, out next);
        }

        public Node StaticChild(string segment)
        {
            if (_static is null)
            {
                _static = new Dictionary<string, Node>(StringComparer.Ordinal);
                _staticBySpan = _static.GetAlternateLookup<ReadOnlySpan<char>>();
            }

            if (!_static.TryGetValue(segment, out var next))
            {
                next = new Node();
                _static[segment] = next;
            }

            return next;
        }

        public Node DynamicChild(RulePart part)
        {
            foreach (var (existing, next) in Dynamic)
            {
                if (existing.SameAs(part))
                {
                    return next;
                }
            }

            // Keep the list sorted at insert time so matching never sorts; equal weights keep insertion order.
            var at = Dynamic.FindIndex(entry => entry.Part.Weight.CompareTo(part.Weight) > 0);
            var node = new Node();
            Dynamic.Insert(at < 0 ? Dynamic.Count : at, (part, node));
            return node;
        }
    }

    private static readonly string[] GroupNames = [.. Enumerable.Range(0, 16).Select(i => "v" + i)];

    private static string GroupName(int index) => index < GroupNames.Length ? GroupNames[index] : "v" + index;

    private sealed class Search
    {
        private readonly string _path;

        // Segment i of the path (after its leading '/') is _path[_starts[i].._starts[i + 1] - 1].
        private readonly int[] _starts;
        private readonly int _count;
        private readonly string? _method;
        private readonly List<string> _values = [];

        public Search(string path, string? method)
        {
            _path = path;
            _count = path.AsSpan().Count('/');
            _starts = new int[_count + 1];
            var at = 0;
            for (var i = 0; i < _count; i++)
            {
                at = path.IndexOf('/', at) + 1;
                _starts[i] = at;
            }

            _starts[_count] = path.Length + 1;
            _method = method;
        }

        public Rule? Rule { get; private set; }

        public IReadOnlyDictionary<string, object?>? Arguments { get; private set; }

        public bool SlashRequired { get; private set; }

        public HashSet<string>? Allowed { get; private set; }

        /// <summary>True when the search is over: a rule matched or a redirect is due.</summary>
        public bool Run(Node node, int index)
        {
            if (index == _count)
            {
                return AtEnd(node);
            }

            var segment = Segment(index);
            if (node.TryGetStatic(segment, out var literal) && Run(literal, index + 1))
            {
                return true;
            }

            foreach (var (part, next) in node.Dynamic)
            {
                if (TryPart(part, next, index))
                {
                    return true;
                }
            }

            // "/leaf/" may still reach "/leaf" when that rule allows either.
            return index == _count - 1 && segment.IsEmpty && TryRules(node, lenientOnly: true);
        }

        private ReadOnlySpan<char> Segment(int index) =>
            _path.AsSpan(_starts[index], _starts[index + 1] - 1 - _starts[index]);

        private bool TryPart(RulePart part, Node next, int index)
        {
            var mark = _values.Count;
            var nextIndex = part.IsFinal ? _count : index + 1;
            var target = part.IsFinal ? _path.AsSpan(_starts[index]) : Segment(index);
            if (part.IsAnySegment)
            {
                if (target.IsEmpty)
                {
                    return false;
                }

                _values.Add(target.ToString());
            }
            else if (part.IsLoneVariable)
            {
                // The whole text is the value, so a yes/no answer suffices and allocates nothing.
                if (!part.Regex!.IsMatch(target))
                {
                    return false;
                }

                _values.Add(target.ToString());
            }
            else
            {
                var match = part.Regex!.Match(target.ToString());
                if (!match.Success)
                {
                    return false;
                }

                for (var v = 0; v < part.VariableCount; v++)
                {
                    _values.Add(match.Groups[GroupName(v)].Value);
                }

                // The trailing slash a suffixed part captured stands for the empty last segment.
                if (part.IsSuffixed && match.Groups["s"].Length == 1)
                {
                    nextIndex = _count - 1;
                }
            }

            if (Run(next, nextIndex))
            {
                return true;
            }

            _values.RemoveRange(mark, _values.Count - mark);
            return false;
        }

        private bool AtEnd(Node node)
        {
            if (TryRules(node, lenientOnly: false))
            {
                return true;
            }

            // A branch rule ("/dir/") exists for this path: redirect there, or match it when slashes are lenient.
            if (node.TryGetStatic([], out var branch))
            {
                foreach (var rule in branch.Rules)
                {
                    if (_method is not null && rule.Methods.Contains(_method) && rule.TryConvert(_values, out var arguments))
                    {
                        if (rule.StrictSlashes)
                        {
                            SlashRequired = true;
                        }
                        else
                        {
                            Rule = rule;
                            Arguments = arguments;
                        }

                        return true;
                    }
                }
            }

            return false;
        }

        private bool TryRules(Node node, bool lenientOnly)
        {
            foreach (var rule in node.Rules)
            {
                if (lenientOnly && rule.StrictSlashes)
                {
                    continue;
                }

                if (!rule.TryConvert(_values, out var arguments))
                {
                    continue;
                }

                if (_method is not null && rule.Methods.Contains(_method))
                {
                    Rule = rule;
                    Arguments = arguments;
                    return true;
                }

                Allowed ??= new HashSet<string>(StringComparer.Ordinal);
                Allowed.UnionWith(rule.Methods);
            }

            return false;
        }
    }
}
