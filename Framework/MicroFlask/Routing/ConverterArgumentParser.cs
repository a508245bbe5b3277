using System.Globalization;
using System.Text;

namespace MicroFlask.Routing;

/// <summary>Reads the text between a converter's parentheses into <see cref="ConverterArguments"/>.</summary>
internal static class ConverterArgumentParser
{
    public static ConverterArguments Parse(string text)
    {
        var positional = new List<object?>();
        var named = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var item in SplitItems(text))
        {
            var trimmed = item.Trim();
            if (trimmed.Length == 0)
            {
                throw new FormatException($"The converter arguments '({text})' have an empty argument: remove the extra comma.");
            }

            var equals = FindUnquoted(trimmed, '=');
            if (equals < 0)
            {
                if (named.Count > 0)
                {
                    throw new FormatException($"The positional argument '{trimmed}' follows a named one in '({text})': put positional arguments first.");
                }

                positional.Add(ParseValue(trimmed));
                continue;
            }

            var name = trimmed[..equals].Trim();
            if (!RuleParser.IsIdentifier(name))
            {
                throw new FormatException($"'{name}' is not a valid argument name in '({text})': use letters, digits and '_', not starting with a digit.");
            }

            if (!named.TryAdd(name, ParseValue(trimmed[(equals + 1)..].Trim())))
            {
                throw new FormatException($"The argument '{name}' is given twice in '({text})': keep one.");
            }
        }

        return new ConverterArguments(positional, named);
    }

    private static object? ParseValue(string text)
    {
        switch (text)
        {
            case "True": return true;
            case "False": return false;
            case "None": return null;
        }

        if (text.Length >= 2 && (text[0] is '"' or '\'') && text[^1] == text[0])
        {
            return text[1..^1];
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small))
        {
            return small;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var large))
        {
            return large;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return real;
        }

        // Werkzeug accepts bare words, so <any(about, help):page> needs no quotes.
        foreach (var c in text)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                throw new FormatException($"Cannot read the converter argument '{text}': quote text values, e.g. 'abc'.");
            }
        }

        return text;
    }

    private static List<string> SplitItems(string text)
    {
        var items = new List<string>();
        if (text.Trim().Length == 0)
        {
            return items;
        }

        var current = new StringBuilder();
        char quote = '\0';
        foreach (var c in text)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == ',')
            {
                items.Add(current.ToString());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        if (quote != '\0')
        {
            throw new FormatException($"The converter arguments '({text})' have an unclosed quote: close it.");
        }

        // A trailing comma is allowed, as in Python.
        if (current.ToString().Trim().Length > 0 || items.Count == 0)
        {
            items.Add(current.ToString());
        }

        return items;
    }

    private static int FindUnquoted(string text, char target)
    {
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == target)
            {
                return i;
            }
        }

        return -1;
    }
}
