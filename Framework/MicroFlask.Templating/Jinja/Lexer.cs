using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MicroFlask.Templating.Jinja;

/// <summary>
/// Splits a template into tokens as Jinja's default lexer does: <c>{{ }}</c>, <c>{% %}</c>, <c>{# #}</c>, <c>{% raw %}</c>,
/// the <c>-</c> that strips whitespace next to a tag (<c>+</c> is accepted and changes nothing, since trim_blocks and
/// lstrip_blocks are off as in Flask), newlines as <c>\n</c>, and one trailing newline dropped (keep_trailing_newline=False).
/// </summary>
internal sealed partial class Lexer
{
    private readonly string _source;
    private readonly string _name;
    private readonly List<Token> _tokens = new();
    private int _pos;
    private int _line = 1;
    private bool _stripNext;

    private Lexer(string source, string name)
    {
        source = source.Replace("\r\n", "\n").Replace('\r', '\n');
        if (source.EndsWith('\n')) source = source[..^1];
        _source = source;
        _name = name;
    }

    public static List<Token> Tokenize(string source, string name, string? fileName)
    {
        var lexer = new Lexer(source, name) { FileName = fileName };
        lexer.Run();
        return lexer._tokens;
    }

    private string? FileName { get; init; }

    private void Run()
    {
        while (_pos < _source.Length)
        {
            var open = FindOpening(_pos);
            var end = open < 0 ? _source.Length : open;
            var text = _source[_pos..end];
            var stripBefore = open >= 0 && open + 2 < _source.Length && _source[open + 2] == '-';
            if (_stripNext) text = text.TrimStart();
            if (stripBefore) text = text.TrimEnd();
            _stripNext = false;
            AddData(text, _pos, end);
            if (open < 0) break;
            _pos = open;
            switch (_source[open + 1])
            {
                case '#':
                    Comment();
                    break;
                case '%':
                    if (!Raw()) Tag(TokenKind.BlockBegin, TokenKind.BlockEnd, "%}");
                    break;
                default:
                    Tag(TokenKind.VariableBegin, TokenKind.VariableEnd, "}}");
                    break;
            }
        }
        _tokens.Add(new Token(TokenKind.End, "", _line));
    }

    private int FindOpening(int from)
    {
        for (var i = _source.IndexOf('{', from); i >= 0 && i + 1 < _source.Length; i = _source.IndexOf('{', i + 1))
        {
            var c = _source[i + 1];
            if (c is '{' or '%' or '#') return i;
        }
        return -1;
    }

    private void AddData(string text, int start, int end)
    {
        if (text.Length > 0) _tokens.Add(new Token(TokenKind.Data, text, _line));
        _line += CountLines(start, end);
    }

    private int CountLines(int start, int end) => _source.AsSpan(start, end - start).Count('\n');

    private void Comment()
    {
        var close = _source.IndexOf("#}", _pos + 2, StringComparison.Ordinal);
        if (close < 0) throw Error("Missing end of comment tag.", _line);
        _stripNext = _source[close - 1] == '-' && close - 1 >= _pos + 2;
        _line += CountLines(_pos, close + 2);
        _pos = close + 2;
    }

    private bool Raw()
    {
        var m = RawStart().Match(_source, _pos);
        if (!m.Success || m.Index != _pos) return false;
        var endTag = RawEnd().Match(_source, m.Index + m.Length);
        if (!endTag.Success) throw Error("Missing end of raw directive.", _line);
        var text = _source[(m.Index + m.Length)..endTag.Index];
        if (m.Groups[1].Value == "-") text = text.TrimStart();
        if (endTag.Groups[1].Value == "-") text = text.TrimEnd();
        _stripNext = false;
        _line += CountLines(_pos, m.Index + m.Length);
        AddData(text, m.Index + m.Length, endTag.Index);
        _line += CountLines(endTag.Index, endTag.Index + endTag.Length);
        _stripNext = endTag.Groups[2].Value == "-";
        _pos = endTag.Index + endTag.Length;
        return true;
    }

    private void Tag(TokenKind begin, TokenKind endKind, string close)
    {
        var startLine = _line;
        _tokens.Add(new Token(begin, _source.Substring(_pos, 2), _line));
        _pos += 2;
        if (_pos < _source.Length && _source[_pos] is '-' or '+') _pos++;
        var depth = 0;
        while (true)
        {
            SkipWhitespace();
            if (_pos >= _source.Length)
            {
                throw Error(begin == TokenKind.BlockBegin ? "Unexpected end of template: the '{%' tag was never closed."
                    : "Unexpected end of template: the '{{' was never closed with '}}'.", startLine);
            }
            if (depth == 0)
            {
                if (At("-" + close) || At("+" + close))
                {
                    _stripNext = _source[_pos] == '-';
                    _tokens.Add(new Token(endKind, close, _line));
                    _pos += 3;
                    return;
                }
                if (At(close))
                {
                    _tokens.Add(new Token(endKind, close, _line));
                    _pos += 2;
                    return;
                }
            }
            var c = _source[_pos];
            if (char.IsLetter(c) || c == '_') Name();
            else if (char.IsDigit(c)) Number();
            else if (c is '\'' or '"') String();
            else
            {
                var op = Operator();
                if (op is "(" or "[" or "{") depth++;
                else if (op is ")" or "]" or "}") depth = Math.Max(0, depth - 1);
            }
        }
    }

    private bool At(string text) => string.CompareOrdinal(_source, _pos, text, 0, text.Length) == 0;

    private void SkipWhitespace()
    {
        while (_pos < _source.Length && char.IsWhiteSpace(_source[_pos]))
        {
            if (_source[_pos] == '\n') _line++;
            _pos++;
        }
    }

    private void Name()
    {
        var start = _pos;
        while (_pos < _source.Length && (char.IsLetterOrDigit(_source[_pos]) || _source[_pos] == '_')) _pos++;
        _tokens.Add(new Token(TokenKind.Name, _source[start.._pos], _line));
    }

    private void Number()
    {
        var m = NumberPattern().Match(_source, _pos);
        var text = m.Value.Replace("_", "");
        _pos += m.Length;
        if (m.Groups[1].Success || m.Groups[2].Success)
        {
            _tokens.Add(new Token(TokenKind.Float, m.Value, _line, double.Parse(text, CultureInfo.InvariantCulture)));
        }
        else
        {
            _tokens.Add(new Token(TokenKind.Integer, m.Value, _line, long.Parse(text, CultureInfo.InvariantCulture)));
        }
    }

    private void String()
    {
        var quote = _source[_pos];
        var line = _line;
        var b = new StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= _source.Length) throw Error("Unexpected end of string: a quote is never closed.", line);
            var c = _source[_pos++];
            if (c == quote) break;
            if (c == '\n') _line++;
            if (c != '\\' || _pos >= _source.Length)
            {
                b.Append(c);
                continue;
            }
            var e = _source[_pos++];
            switch (e)
            {
                case 'n': b.Append('\n'); break;
                case 't': b.Append('\t'); break;
                case 'r': b.Append('\r'); break;
                case '\\': b.Append('\\'); break;
                case '\'': b.Append('\''); break;
                case '"': b.Append('"'); break;
                case '0': b.Append('\0'); break;
                case 'x':
                    b.Append((char)Convert.ToInt32(_source.Substring(_pos, 2), 16));
                    _pos += 2;
                    break;
                case 'u':
                    b.Append((char)Convert.ToInt32(_source.Substring(_pos, 4), 16));
                    _pos += 4;
                    break;
                case '\n':
                    _line++;
                    break;
                default: b.Append('\\').Append(e); break;
            }
        }
        _tokens.Add(new Token(TokenKind.String, b.ToString(), line, b.ToString()));
    }

    private static readonly string[] Operators =
        ["//", "**", "==", "!=", ">=", "<=", "+", "-", "*", "/", "%", "~", "[", "]", "(", ")", "{", "}", "<", ">", "=", ".", ":", "|", ",", ";"];

    private string Operator()
    {
        foreach (var op in Operators)
        {
            if (!At(op)) continue;
            _tokens.Add(new Token(TokenKind.Operator, op, _line));
            _pos += op.Length;
            return op;
        }
        throw Error($"Unexpected char '{_source[_pos]}'.", _line);
    }

    private TemplateSyntaxException Error(string reason, int line) => new(_name, FileName, line, reason);

    [GeneratedRegex(@"\G\{%(?:-|\+)?\s*raw\s*(-|\+)?%\}")]
    private static partial Regex RawStart();

    [GeneratedRegex(@"\{%(-|\+)?\s*endraw\s*(-|\+)?%\}")]
    private static partial Regex RawEnd();

    [GeneratedRegex(@"\G\d(?:_?\d)*(\.\d(?:_?\d)*)?([eE][+\-]?\d(?:_?\d)*)?")]
    private static partial Regex NumberPattern();
}
