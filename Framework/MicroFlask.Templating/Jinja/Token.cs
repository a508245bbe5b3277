namespace MicroFlask.Templating.Jinja;

internal enum TokenKind { Data, VariableBegin, VariableEnd, BlockBegin, BlockEnd, Name, String, Integer, Float, Operator, End }

/// <summary>One token of a template: text, a delimiter, or a piece of an expression, with the line it starts on.</summary>
internal readonly record struct Token(TokenKind Kind, string Value, int Line, object? Literal = null)
{
    public bool Is(string op) => Kind == TokenKind.Operator && Value == op;

    public bool IsName(string name) => Kind == TokenKind.Name && Value == name;

    public override string ToString() => Kind switch
    {
        TokenKind.Data => "template data",
        TokenKind.VariableEnd => "end of print statement '}}'",
        TokenKind.BlockEnd => "end of statement block '%}'",
        TokenKind.End => "end of template",
        _ => $"'{Value}'",
    };
}
