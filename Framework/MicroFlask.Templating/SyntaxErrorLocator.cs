using System.Text.RegularExpressions;
using HandlebarsDotNet;

namespace MicroFlask.Templating;

/// <summary>
/// Turns a Handlebars compile error into a <see cref="TemplateSyntaxException"/> with a line number. The tokenizer
/// reports "Occured at: line:column"; block errors (unclosed or stray <c>{{/x}}</c>) carry no position, so the
/// blocks are matched here to find the line.
/// </summary>
internal static partial class SyntaxErrorLocator
{
    internal static TemplateSyntaxException Wrap(HandlebarsException error, string name, string? fileName, string source)
    {
        var reason = error.Message;
        var line = 0;
        var at = OccuredAt().Match(reason);
        if (at.Success)
        {
            // The tokenizer counts lines from 0.
            line = int.Parse(at.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1;
            reason = reason[..at.Index].Trim();
        }
        // An expression left open is reported where the file ends; the line where it starts helps more.
        var unclosed = FindUnclosedExpression(source);
        if (unclosed > 0) line = unclosed;
        else if (!at.Success) line = FindUnbalancedBlock(source);
        return new TemplateSyntaxException(name, fileName, line, reason, error);
    }

    /// <summary>The line of the first stray or mismatched closing tag, else of the innermost block left open; 0 when balanced.</summary>
    internal static int FindUnbalancedBlock(string source)
    {
        // Comments may hold anything; blank them out, keeping their newlines so line numbers stay right.
        var text = Comment().Replace(source, m => new string(m.Value.Where(c => c == '\n').ToArray()));
        var open = new Stack<(string Name, int Line)>();
        foreach (Match tag in BlockTag().Matches(text))
        {
            var line = 1 + text.AsSpan(0, tag.Index).Count('\n');
            var name = tag.Groups[2].Value;
            if (tag.Groups[1].Value != "/")
            {
                open.Push((name, line));
                continue;
            }
            if (open.Count == 0 || open.Peek().Name != name) return line;
            open.Pop();
        }
        return open.Count > 0 ? open.Peek().Line : 0;
    }

    /// <summary>The line of the first <c>{{</c> not closed before the next <c>{{</c> or the end; 0 when all are closed.</summary>
    internal static int FindUnclosedExpression(string source)
    {
        var text = Comment().Replace(source, m => new string(m.Value.Where(c => c == '\n').ToArray()));
        for (var open = text.IndexOf("{{", StringComparison.Ordinal); open >= 0;)
        {
            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            var next = text.IndexOf("{{", open + 2, StringComparison.Ordinal);
            // "{{{" and "{{{{" open one expression; skip the extra braces.
            while (next == open + 1 || next == open + 2) next = text.IndexOf("{{", next + 1, StringComparison.Ordinal);
            if (close < 0 || (next >= 0 && next < close)) return 1 + text.AsSpan(0, open).Count('\n');
            open = text.IndexOf("{{", close + 2, StringComparison.Ordinal);
        }
        return 0;
    }

    [GeneratedRegex(@"Occured at:\s*(\d+):(\d+)")]
    private static partial Regex OccuredAt();

    [GeneratedRegex(@"\{\{!--.*?--\}\}|\{\{![^}]*\}\}", RegexOptions.Singleline)]
    private static partial Regex Comment();

    // {{#name, {{#> name, {{^name (an inverse block) and {{/name; a bare {{^}} is an else.
    [GeneratedRegex(@"\{\{~?\s*([#^/])>?\s*([^\s}~]+)")]
    private static partial Regex BlockTag();
}
