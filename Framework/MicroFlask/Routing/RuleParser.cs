using System.Text;
using System.Text.RegularExpressions;

namespace MicroFlask.Routing;

/// <summary>Turns a pattern such as <c>/user/&lt;int:id&gt;/</c> into matcher parts and build steps.</summary>
internal sealed class RuleParser
{
    private readonly string _pattern;
    private readonly ConverterRegistry _registry;
    private readonly List<RulePart> _parts = [];
    private readonly List<string> _variables = [];
    private readonly List<RouteConverter> _converters = [];
    private readonly List<BuildStep> _steps = [];

    // The part being read; it stays literal text until its first variable.
    private readonly StringBuilder _content = new();
    private readonly List<int> _staticLengths = [];
    private readonly List<int> _converterWeights = [];
    private bool _isStatic = true;
    private bool _isFinal;
    private int _partVariables;
    private bool _loneVariable;
    private bool _anySegment;

    private RuleParser(string pattern, ConverterRegistry registry)
    {
        _pattern = pattern;
        _registry = registry;
    }

    public static ParsedPattern Parse(string pattern, ConverterRegistry registry)
    {
        if (!pattern.StartsWith('/'))
        {
            throw new ArgumentException($"The URL rule '{pattern}' must start with a slash: write '/{pattern}'.", nameof(pattern));
        }

        var parser = new RuleParser(pattern, registry);
        parser.Run();
        return new ParsedPattern([.. parser._parts], [.. parser._variables], [.. parser._converters], [.. parser._steps]);
    }

    public static bool IsIdentifier(string text)
    {
        if (text.Length == 0 || !(char.IsAsciiLetter(text[0]) || text[0] == '_'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private void Run()
    {
        // The leading slash opens the first part; paths are split the same way, so neither side keeps it.
        _steps.Add(BuildStep.Text("/"));
        var i = 1;
        while (i < _pattern.Length)
        {
            var c = _pattern[i];
            if (c == '/')
            {
                _steps.Add(BuildStep.Text("/"));
                if (_isFinal)
                {
                    _content.Append('/');
                }
                else
                {
                    EndPart();
                }

                i++;
            }
            else if (c == '<')
            {
                i = ReadVariable(i);
            }
            else
            {
                var end = _pattern.IndexOfAny(['/', '<'], i);
                if (end < 0)
                {
                    end = _pattern.Length;
                }

                AddText(_pattern[i..end]);
                i = end;
            }
        }

        var suffixed = false;
        if (_isFinal && _content.Length > 0 && _content[^1] == '/')
        {
            // "/<path:p>/" must still notice a missing trailing slash, so capture it separately.
            suffixed = true;
            _content.Length--;
            _content.Append("(?<!/)(?<s>/?)");
        }

        EndPart(suffixed);
        if (suffixed)
        {
            _parts.Add(RulePart.Static(string.Empty));
        }
    }

    private void AddText(string text)
    {
        _staticLengths.Add(text.Length);
        _content.Append(_isStatic ? text : Regex.Escape(text));
        _steps.Add(BuildStep.Text(text));
        _loneVariable = false;
        _anySegment = false;
    }

    private int ReadVariable(int start)
    {
        var close = FindClose(start);
        var spec = _pattern[(start + 1)..close];
        string converterName = "default";
        var args = ConverterArguments.Empty;
        var colon = spec.LastIndexOf(':');
        var name = colon < 0 ? spec : spec[(colon + 1)..];
        if (colon >= 0)
        {
            var head = spec[..colon];
            var open = head.IndexOf('(');
            if (open >= 0)
            {
                if (!head.EndsWith(')'))
                {
                    throw Malformed($"'<{spec}>' has unbalanced parentheses: close each '(' with ')' before the ':'.");
                }

                try
                {
                    args = ConverterArgumentParser.Parse(head[(open + 1)..^1]);
                }
                catch (FormatException e)
                {
                    throw Malformed(e.Message);
                }

                head = head[..open];
            }

            converterName = head.Trim();
            if (!IsIdentifier(converterName))
            {
                throw Malformed($"'{converterName}' is not a valid converter name: use letters, digits and '_', not starting with a digit.");
            }
        }

        if (!IsIdentifier(name))
        {
            throw Malformed($"'{name}' is not a valid variable name: use letters, digits and '_', not starting with a digit.");
        }

        if (_variables.Contains(name))
        {
            throw new ArgumentException($"The URL rule '{_pattern}' uses the variable name '{name}' twice: give each variable its own name.", "pattern");
        }

        RouteConverter converter;
        try
        {
            converter = _registry.Create(converterName, args);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The URL rule '{_pattern}' cannot be added. {ReasonOf(e)}", "pattern", e);
        }

        AddVariable(name, converter);
        return close + 1;
    }

    private void AddVariable(string name, RouteConverter converter)
    {
        var wasEmpty = _isStatic && _content.Length == 0;
        if (_isStatic)
        {
            var literal = _content.ToString();
            _content.Clear().Append(Regex.Escape(literal));
            _isStatic = false;
        }

        _loneVariable = wasEmpty;
        _anySegment = wasEmpty && converter.PartIsolating && converter.Regex == "[^/]+";
        _content.Append("(?<v").Append(_partVariables).Append('>').Append(converter.Regex).Append(')');
        _partVariables++;
        _converterWeights.Add(converter.Weight);
        _isFinal |= !converter.PartIsolating;
        _steps.Add(BuildStep.Variable(_variables.Count));
        _variables.Add(name);
        _converters.Add(converter);
    }

    private void EndPart(bool suffixed = false)
    {
        if (_isStatic)
        {
            _parts.Add(RulePart.Static(_content.ToString()));
        }
        else
        {
            var regex = _content.Append(@"\z").ToString();
            ValidateRegex(regex);
            var lone = _loneVariable && !suffixed;
            _parts.Add(RulePart.Dynamic(
                regex, _isFinal, suffixed, lone, lone && _anySegment, _partVariables,
                new PartWeight(_staticLengths, _converterWeights)));
        }

        _content.Clear();
        _staticLengths.Clear();
        _converterWeights.Clear();
        _isStatic = true;
        _isFinal = false;
        _partVariables = 0;
        _loneVariable = false;
        _anySegment = false;
    }

    private void ValidateRegex(string regex)
    {
        try
        {
            _ = new Regex(regex, RegexOptions.ExplicitCapture);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The URL rule '{_pattern}' uses a converter whose Regex is invalid: {e.Message} Fix that converter's Regex.", "pattern", e);
        }
    }

    // The converter arguments may quote '>' or ')', so only an unquoted '>' closes the variable.
    private int FindClose(int start)
    {
        char quote = '\0';
        for (var i = start + 1; i < _pattern.Length; i++)
        {
            var c = _pattern[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i;
            }
            else if (c is '<' or '/')
            {
                break;
            }
        }

        throw Malformed($"The '<' at position {start} is not closed by '>'.");
    }

    // An ArgumentException's message ends in "(Parameter '...')", which names the converter's parameter, not the rule's.
    private static string ReasonOf(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);

    private ArgumentException Malformed(string detail) =>
        new($"The URL rule '{_pattern}' is malformed. {detail} Variables look like <name>, <int:id> or <string(length=2):code>.", "pattern");
}
