namespace MicroFlask.Templating.Jinja;

/// <summary>
/// A recursive-descent parser for Jinja's statements and expressions, with Jinja's operator precedence
/// (<c>if/else</c> &lt; <c>or</c> &lt; <c>and</c> &lt; <c>not</c> &lt; comparisons &lt; <c>+ -</c> &lt; <c>~</c> &lt;
/// <c>* / // %</c> &lt; <c>**</c> &lt; unary &lt; filters and tests &lt; <c>.x [x] (x)</c>). Filters and tests are
/// looked up as the template compiles, as Jinja does, so a misspelt one is a syntax error with its line.
/// </summary>
internal sealed class Parser
{
    private static readonly string[] CompareOps = ["==", "!=", "<", "<=", ">", ">="];

    private readonly List<Token> _tokens;
    private readonly string _name;
    private readonly string? _fileName;
    private readonly TemplateEngine _engine;
    private readonly Dictionary<string, BlockNode> _blocks = new(StringComparer.Ordinal);
    private readonly CompiledTemplateRef _self = new();
    private readonly Stack<string> _open = new();
    private readonly Stack<string[]> _ends = new();
    private int _i;

    // How many for bodies enclose the tag being parsed: a break or continue needs one (a macro or block starts again at 0).
    private int _loops;

    private Parser(List<Token> tokens, string name, string? fileName, TemplateEngine engine)
    {
        _tokens = tokens;
        _name = name;
        _fileName = fileName;
        _engine = engine;
    }

    public static CompiledTemplate Parse(string source, string name, string? fileName, bool autoescape, TemplateEngine engine)
    {
        var parser = new Parser(Lexer.Tokenize(source, name, fileName), name, fileName, engine);
        var body = parser.Body([]);
        var template = new CompiledTemplate(name, fileName, autoescape, body, parser._blocks);
        parser._self.Template = template;
        return template;
    }

    private Token Current => _tokens[_i];

    private Token Peek => _tokens[Math.Min(_i + 1, _tokens.Count - 1)];

    private Token Next() => _tokens[_i++];

    private TemplateSyntaxException Fail(string reason, int? line = null) => new(_name, _fileName, line ?? Current.Line, reason);

    private Token Expect(TokenKind kind)
    {
        if (Current.Kind != kind) throw Fail($"Expected {new Token(kind, "", 0)}, got {Current}.");
        return Next();
    }

    private void ExpectOp(string op)
    {
        if (!Current.Is(op)) throw Fail($"Expected '{op}', got {Current}.");
        _i++;
    }

    private string ExpectName()
    {
        if (Current.Kind != TokenKind.Name) throw Fail($"Expected a name, got {Current}.");
        return Next().Value;
    }

    private bool SkipOp(string op)
    {
        if (!Current.Is(op)) return false;
        _i++;
        return true;
    }

    private bool SkipName(string name)
    {
        if (!Current.IsName(name)) return false;
        _i++;
        return true;
    }

    // ---- statements ----

    /// <summary>Parses until one of <paramref name="ends"/> opens a tag; leaves the parser on that tag's name.</summary>
    private Node[] Body(string[] ends)
    {
        if (ends.Length == 0) return BodyUntil(ends);
        _ends.Push(ends);
        try
        {
            return BodyUntil(ends);
        }
        finally
        {
            _ends.Pop();
        }
    }

    private Node[] BodyUntil(string[] ends)
    {
        var nodes = new List<Node>();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Data:
                    nodes.Add(new TextNode(Next().Value) { Line = token.Line });
                    break;
                case TokenKind.VariableBegin:
                    Next();
                    var expression = Tuple(withCondexpr: true);
                    Expect(TokenKind.VariableEnd);
                    nodes.Add(new OutputNode(expression) { Line = token.Line });
                    break;
                case TokenKind.BlockBegin:
                    Next();
                    if (Current.Kind == TokenKind.Name && ends.Contains(Current.Value)) return [.. nodes];
                    nodes.Add(Statement());
                    break;
                case TokenKind.End:
                    if (ends.Length > 0) throw Fail("Unexpected end of template. " + LookingFor(ends), _open.Count > 0 ? null : token.Line);
                    return [.. nodes];
                default:
                    throw Fail($"Unexpected {token}.");
            }
        }
    }

    private string LookingFor(string[] ends) =>
        $"Jinja was looking for the following tags: {string.Join(" or ", ends.Select(e => $"'{e}'"))}. " +
        $"The innermost block that needs to be closed is '{_open.Peek()}'.";

    private Node Statement()
    {
        var token = Current;
        if (token.Kind != TokenKind.Name) throw Fail("Tag name expected.");
        var line = token.Line;
        Next();
        _open.Push(token.Value);
        try
        {
            return token.Value switch
            {
                "if" => If(line),
                "for" => For(line),
                "block" => Block(line),
                "extends" => Finish(new ExtendsNode(Expression()) { Line = line }),
                "include" => Include(line),
                "import" => Import(line),
                "from" => FromImport(line),
                "set" => Set(line),
                "macro" => MacroDefinition(line),
                "call" => CallBlock(line),
                "with" => With(line),
                "filter" => FilterBlock(line),
                "autoescape" => Autoescape(line),
                "break" or "continue" when _engine.HasExtension(TemplateEngine.LoopControls) => LoopControlTag(token.Value, line),
                "do" when _engine.HasExtension(TemplateEngine.Do) => Finish(new DoNode(Tuple(withCondexpr: true)) { Line = line }),
                _ => throw Fail(UnknownTag(token.Value), line),
            };
        }
        finally
        {
            _open.Pop();
        }
    }

    /// <summary>Jinja's message for a tag it does not know, with the tags the enclosing block waits for.</summary>
    private string UnknownTag(string name)
    {
        var message = $"Encountered unknown tag '{name}'.";
        if (_ends.Count > 0)
        {
            var looking = string.Join(" or ", _ends.Peek().Select(e => $"'{e}'"));
            message += _ends.Any(ends => ends.Contains(name))
                ? $" You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for {looking}."
                : $" Jinja was looking for the following tags: {looking}.";
        }
        // The tag itself is on top of _open while it is parsed.
        var enclosing = _open.Skip(1).FirstOrDefault();
        return enclosing is null ? message : message + $" The innermost block that needs to be closed is '{enclosing}'.";
    }

    private T Finish<T>(T node)
    {
        Expect(TokenKind.BlockEnd);
        return node;
    }

    private void EndTag(string name, string? label = null)
    {
        if (!SkipName(name)) throw Fail($"Expected '{name}'.");
        if (label is not null && Current.Kind == TokenKind.Name)
        {
            var given = Next().Value;
            if (given != label) throw Fail($"mismatching name '{given}' in end tag of '{label}'.");
        }
        Expect(TokenKind.BlockEnd);
    }

    private Node If(int line)
    {
        var branches = new List<(Expr, Node[])>();
        Node[]? otherwise = null;
        var test = Tuple(withCondexpr: false);
        while (true)
        {
            Expect(TokenKind.BlockEnd);
            var body = Body(["elif", "else", "endif"]);
            branches.Add((test, body));
            var tag = Next().Value;
            if (tag == "elif")
            {
                test = Tuple(withCondexpr: false);
                continue;
            }
            if (tag == "else")
            {
                Expect(TokenKind.BlockEnd);
                otherwise = Body(["endif"]);
                EndTag("endif");
            }
            else Expect(TokenKind.BlockEnd);
            return new IfNode([.. branches], otherwise) { Line = line };
        }
    }

    private Node For(int line)
    {
        var target = AssignTarget(allowAttribute: false);
        if (!SkipName("in")) throw Fail("Expected 'in' after the loop variable.");
        var iterable = Tuple(withCondexpr: false, extraEnd: "recursive");
        var filter = SkipName("if") ? Expression() : null;
        var recursive = SkipName("recursive");
        Expect(TokenKind.BlockEnd);
        _loops++;
        var body = Body(["endfor", "else"]);
        _loops--;
        Node[]? otherwise = null;
        if (Next().Value == "else")
        {
            Expect(TokenKind.BlockEnd);
            otherwise = Body(["endfor"]);
            Next();
        }
        Expect(TokenKind.BlockEnd);
        return new ForNode(target, iterable, filter, body, otherwise, recursive) { Line = line };
    }

    private Node LoopControlTag(string name, int line)
    {
        // Jinja leaves this to Python's compiler, whose message this is.
        if (_loops == 0) throw Fail($"'{name}' outside loop", line);
        return Finish(new LoopControlNode(name == "break" ? LoopSignal.Break : LoopSignal.Continue) { Line = line });
    }

    private Node Autoescape(int line)
    {
        var enabled = Expression();
        Expect(TokenKind.BlockEnd);
        var body = Body(["endautoescape"]);
        EndTag("endautoescape");
        return new AutoescapeNode(enabled, body) { Line = line };
    }

    /// <summary>A macro's, call block's or block's body: a loop around the definition is not a loop around the body.</summary>
    private Node[] OwnBody(string end)
    {
        var loops = _loops;
        _loops = 0;
        try
        {
            return Body([end]);
        }
        finally
        {
            _loops = loops;
        }
    }

    private Node Block(int line)
    {
        var name = ExpectName();
        var scoped = false;
        while (Current.Kind == TokenKind.Name)
        {
            var flag = Next().Value;
            if (flag == "scoped") scoped = true;
            else if (flag != "required") throw Fail($"Unexpected '{flag}' after the block name.");
        }
        Expect(TokenKind.BlockEnd);
        var body = OwnBody("endblock");
        EndTag("endblock", name);
        var block = new BlockNode(name, body, scoped, _self) { Line = line };
        if (!_blocks.TryAdd(name, block)) throw Fail($"block '{name}' defined twice", line);
        return block;
    }

    private bool WithContext(bool fallback)
    {
        if ((Current.IsName("with") || Current.IsName("without")) && Peek.IsName("context"))
        {
            var with = Next().Value == "with";
            Next();
            return with;
        }
        return fallback;
    }

    private Node Include(int line)
    {
        var name = Expression();
        var ignoreMissing = false;
        if (Current.IsName("ignore") && Peek.IsName("missing"))
        {
            _i += 2;
            ignoreMissing = true;
        }
        var withContext = WithContext(true);
        return Finish(new IncludeNode(name, ignoreMissing, withContext) { Line = line });
    }

    private Node Import(int line)
    {
        var name = Expression();
        if (!SkipName("as")) throw Fail("Expected 'as' and a name: {% import 'forms.html' as forms %}.");
        var alias = ExpectName();
        var withContext = WithContext(false);
        return Finish(new ImportNode(name, alias, withContext) { Line = line });
    }

    private Node FromImport(int line)
    {
        var name = Expression();
        if (!SkipName("import")) throw Fail("Expected 'import': {% from 'forms.html' import input %}.");
        var names = new List<(string, string)>();
        var withContext = false;
        while (true)
        {
            if (names.Count > 0 && !SkipOp(",")) break;
            if ((Current.IsName("with") || Current.IsName("without")) && Peek.IsName("context")) break;
            if (Current.Kind != TokenKind.Name) break;
            var exported = Next().Value;
            var alias = SkipName("as") ? ExpectName() : exported;
            names.Add((exported, alias));
        }
        withContext = WithContext(withContext);
        if (names.Count == 0) throw Fail("Expected the names to import.");
        return Finish(new FromImportNode(name, [.. names], withContext) { Line = line });
    }

    private Node Set(int line)
    {
        var target = AssignTarget(allowAttribute: true);
        if (SkipOp("=")) return Finish(new SetNode(target, Tuple(withCondexpr: true)) { Line = line });
        var filters = new List<FilterExpr>();
        while (SkipOp("|")) filters.Add(Filter(null));
        Expect(TokenKind.BlockEnd);
        var body = Body(["endset"]);
        EndTag("endset");
        return new SetBlockNode(target, body, [.. filters]) { Line = line };
    }

    private Node MacroDefinition(int line)
    {
        var name = ExpectName();
        var (parameters, defaults) = Signature();
        Expect(TokenKind.BlockEnd);
        var body = OwnBody("endmacro");
        EndTag("endmacro", name);
        return new MacroNode(name, parameters, defaults, body) { Line = line };
    }

    private (string[], Expr?[]) Signature()
    {
        ExpectOp("(");
        var names = new List<string>();
        var defaults = new List<Expr?>();
        while (!Current.Is(")"))
        {
            if (names.Count > 0) ExpectOp(",");
            if (Current.Is(")")) break;
            names.Add(ExpectName());
            defaults.Add(SkipOp("=") ? Expression() : null);
            if (defaults[^1] is null && defaults.Count > 1 && defaults[^2] is not null) throw Fail("non-default argument follows default argument");
        }
        ExpectOp(")");
        return ([.. names], [.. defaults]);
    }

    private Node CallBlock(int line)
    {
        var (parameters, defaults) = Current.Is("(") ? Signature() : ([], []);
        var call = Expression();
        if (call is not (CallExpr or MethodCallExpr)) throw Fail("{% call %} needs a macro call: {% call my_macro() %}.", line);
        Expect(TokenKind.BlockEnd);
        var body = OwnBody("endcall");
        EndTag("endcall");
        return new CallBlockNode(parameters, defaults, call, body) { Line = line };
    }

    private Node With(int line)
    {
        var assignments = new List<(object, Expr)>();
        while (Current.Kind != TokenKind.BlockEnd)
        {
            if (assignments.Count > 0) ExpectOp(",");
            var target = AssignTarget(allowAttribute: false);
            ExpectOp("=");
            assignments.Add((target, Expression()));
        }
        Expect(TokenKind.BlockEnd);
        var body = Body(["endwith"]);
        EndTag("endwith");
        return new WithNode([.. assignments], body) { Line = line };
    }

    private Node FilterBlock(int line)
    {
        var filters = new List<FilterExpr> { Filter(null) };
        while (SkipOp("|")) filters.Add(Filter(null));
        Expect(TokenKind.BlockEnd);
        var body = Body(["endfilter"]);
        EndTag("endfilter");
        return new FilterBlockNode(body, [.. filters]) { Line = line };
    }

    /// <summary><c>x</c>, <c>k, v</c>, <c>(a, b)</c>, or (for set) <c>ns.attr</c>: a string, an object[] of targets, or a (name, attribute) pair.</summary>
    private object AssignTarget(bool allowAttribute)
    {
        var targets = new List<object>();
        var parenthesised = SkipOp("(");
        do
        {
            if (Current.Is("(")) targets.Add(AssignTarget(false));
            else
            {
                var name = ExpectName();
                if (allowAttribute && SkipOp(".")) targets.Add((name, ExpectName()));
                else targets.Add(name);
            }
        }
        while (SkipOp(","));
        if (parenthesised) ExpectOp(")");
        return targets.Count == 1 && !parenthesised ? targets[0] : targets.ToArray();
    }

    // ---- expressions ----

    private Expr Expression(bool withCondexpr = true) => withCondexpr ? Condexpr() : Or();

    private Expr Tuple(bool withCondexpr, string? extraEnd = null, bool explicitParentheses = false)
    {
        var line = Current.Line;
        var items = new List<Expr>();
        var isTuple = false;
        while (true)
        {
            if (items.Count > 0) ExpectOp(",");
            if (Current.Kind is TokenKind.VariableEnd or TokenKind.BlockEnd || Current.Is(")") || (extraEnd is not null && Current.IsName(extraEnd))) break;
            items.Add(Expression(withCondexpr));
            if (Current.Is(",")) isTuple = true;
            else break;
        }
        if (!isTuple)
        {
            if (items.Count == 1) return items[0];
            if (!explicitParentheses) throw Fail($"Expected an expression, got {Current}.");
        }
        return new TupleExpr([.. items]) { Line = line };
    }

    private Expr Condexpr()
    {
        var line = Current.Line;
        var expression = Or();
        while (SkipName("if"))
        {
            var test = Or();
            var otherwise = SkipName("else") ? Condexpr() : null;
            expression = new CondExpr(test, expression, otherwise) { Line = line };
        }
        return expression;
    }

    private Expr Or()
    {
        var left = And();
        while (SkipName("or")) left = new OrExpr(left, And()) { Line = left.Line };
        return left;
    }

    private Expr And()
    {
        var left = Not();
        while (SkipName("and")) left = new AndExpr(left, Not()) { Line = left.Line };
        return left;
    }

    private Expr Not()
    {
        var line = Current.Line;
        return SkipName("not") ? new NotExpr(Not()) { Line = line } : Compare();
    }

    private Expr Compare()
    {
        var first = Math1();
        var rest = new List<(string, Expr)>();
        while (true)
        {
            if (Current.Kind == TokenKind.Operator && CompareOps.Contains(Current.Value)) rest.Add((Next().Value, Math1()));
            else if (SkipName("in")) rest.Add(("in", Math1()));
            else if (Current.IsName("not") && Peek.IsName("in"))
            {
                _i += 2;
                rest.Add(("notin", Math1()));
            }
            else break;
        }
        return rest.Count == 0 ? first : new CompareExpr(first, [.. rest]) { Line = first.Line };
    }

    private Expr Math1()
    {
        var left = Concat();
        while (Current.Is("+") || Current.Is("-")) left = new BinaryExpr(Next().Value, left, Concat()) { Line = left.Line };
        return left;
    }

    private Expr Concat()
    {
        var parts = new List<Expr> { Math2() };
        while (SkipOp("~")) parts.Add(Math2());
        return parts.Count == 1 ? parts[0] : new ConcatExpr([.. parts]) { Line = parts[0].Line };
    }

    private Expr Math2()
    {
        var left = Pow();
        while (Current.Is("*") || Current.Is("/") || Current.Is("//") || Current.Is("%"))
        {
            left = new BinaryExpr(Next().Value, left, Pow()) { Line = left.Line };
        }
        return left;
    }

    private Expr Pow()
    {
        var left = Unary();
        while (SkipOp("**")) left = new BinaryExpr("**", left, Unary()) { Line = left.Line };
        return left;
    }

    private Expr Unary(bool withFilter = true)
    {
        var line = Current.Line;
        Expr node;
        if (SkipOp("-")) node = new NegExpr(Unary(false), negate: true) { Line = line };
        else if (SkipOp("+")) node = new NegExpr(Unary(false), negate: false) { Line = line };
        else node = Primary();
        node = Postfix(node);
        return withFilter ? FilterChain(node) : node;
    }

    private Expr Primary()
    {
        var token = Current;
        var line = token.Line;
        switch (token.Kind)
        {
            case TokenKind.Name:
                Next();
                return token.Value switch
                {
                    "true" or "True" => new ConstExpr(true) { Line = line },
                    "false" or "False" => new ConstExpr(false) { Line = line },
                    "none" or "None" => new ConstExpr(null) { Line = line },
                    "self" => new SelfExpr { Line = line },
                    _ => new NameExpr(token.Value) { Line = line },
                };
            case TokenKind.String:
                var text = Next().Value;
                while (Current.Kind == TokenKind.String) text += Next().Value;
                return new ConstExpr(text) { Line = line };
            case TokenKind.Integer:
            case TokenKind.Float:
                return new ConstExpr(Next().Literal) { Line = line };
            case TokenKind.Operator when token.Value == "(":
                Next();
                var inner = Tuple(withCondexpr: true, explicitParentheses: true);
                ExpectOp(")");
                return inner;
            case TokenKind.Operator when token.Value == "[":
                Next();
                var items = new List<Expr>();
                while (!Current.Is("]"))
                {
                    if (items.Count > 0) ExpectOp(",");
                    if (Current.Is("]")) break;
                    items.Add(Expression());
                }
                ExpectOp("]");
                return new ListExpr([.. items]) { Line = line };
            case TokenKind.Operator when token.Value == "{":
                Next();
                var pairs = new List<(Expr, Expr)>();
                while (!Current.Is("}"))
                {
                    if (pairs.Count > 0) ExpectOp(",");
                    if (Current.Is("}")) break;
                    var key = Expression();
                    ExpectOp(":");
                    pairs.Add((key, Expression()));
                }
                ExpectOp("}");
                return new DictExpr([.. pairs]) { Line = line };
        }
        throw Fail($"Unexpected {token}.");
    }

    private Expr Postfix(Expr node)
    {
        while (true)
        {
            var line = Current.Line;
            if (SkipOp("."))
            {
                if (Current.Kind == TokenKind.Integer)
                {
                    node = new GetItemExpr(node, new ConstExpr(Next().Literal)) { Line = line };
                    continue;
                }
                var name = ExpectName();
                node = Current.Is("(") ? new MethodCallExpr(node, name, CallArguments()) { Line = line } : new GetAttrExpr(node, name) { Line = line };
            }
            else if (SkipOp("["))
            {
                node = Subscript(node, line);
            }
            else if (Current.Is("("))
            {
                node = new CallExpr(node, CallArguments()) { Line = line };
            }
            else return node;
        }
    }

    private Expr Subscript(Expr node, int line)
    {
        Expr? SlicePart() => Current.Is(":") || Current.Is("]") ? null : Expression();
        var start = SlicePart();
        if (!SkipOp(":"))
        {
            var key = start!;
            if (Current.Is(","))
            {
                var keys = new List<Expr> { key };
                while (SkipOp(",") && !Current.Is("]")) keys.Add(Expression());
                key = new TupleExpr([.. keys]) { Line = line };
            }
            ExpectOp("]");
            return new GetItemExpr(node, key) { Line = line };
        }
        var stop = SlicePart();
        Expr? step = null;
        if (SkipOp(":")) step = SlicePart();
        ExpectOp("]");
        return new SliceExpr(node, start, stop, step) { Line = line };
    }

    private ArgumentList CallArguments()
    {
        ExpectOp("(");
        var positional = new List<Expr>();
        var named = new List<(string, Expr)>();
        Expr? star = null, starStar = null;
        while (!Current.Is(")"))
        {
            if (positional.Count + named.Count > 0 || star is not null || starStar is not null) ExpectOp(",");
            if (Current.Is(")")) break;
            if (SkipOp("**")) starStar = Expression();
            else if (SkipOp("*")) star = Expression();
            else if (Current.Kind == TokenKind.Name && Peek.Is("="))
            {
                var name = Next().Value;
                Next();
                named.Add((name, Expression()));
            }
            else
            {
                if (named.Count > 0) throw Fail("Positional argument follows keyword argument.");
                positional.Add(Expression());
            }
        }
        ExpectOp(")");
        return new ArgumentList([.. positional], [.. named], star, starStar);
    }

    private Expr FilterChain(Expr node)
    {
        while (true)
        {
            if (SkipOp("|")) node = Filter(node);
            else if (Current.IsName("is")) node = Test(node);
            else if (Current.Is("(")) node = new CallExpr(node, CallArguments()) { Line = node.Line };
            else return node;
        }
    }

    private FilterExpr Filter(Expr? node)
    {
        var line = Current.Line;
        var name = ExpectName();
        while (Current.Is(".") && Peek.Kind == TokenKind.Name)
        {
            Next();
            name += "." + Next().Value;
        }
        if (!_engine.Filters.TryGetValue(name, out var filter)) throw Fail($"No filter named '{name}'.", line);
        var arguments = Current.Is("(") ? CallArguments() : ArgumentList.None;
        return new FilterExpr(node, name, filter, arguments) { Line = node?.Line ?? line };
    }

    private Expr Test(Expr node)
    {
        Next();
        var negated = SkipName("not");
        var line = Current.Line;
        var name = ExpectName();
        while (Current.Is(".") && Peek.Kind == TokenKind.Name)
        {
            Next();
            name += "." + Next().Value;
        }
        if (!_engine.Tests.TryGetValue(name, out var test)) throw Fail($"No test named '{name}'.", line);
        ArgumentList arguments;
        if (Current.Is("(")) arguments = CallArguments();
        else if ((Current.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float || Current.Is("[") || Current.Is("{"))
                 && !(Current.IsName("else") || Current.IsName("or") || Current.IsName("and")))
        {
            if (Current.IsName("is")) throw Fail("You cannot chain multiple tests with is");
            arguments = new ArgumentList([Postfix(Primary())], []);
        }
        else arguments = ArgumentList.None;
        return new TestExpr(node, test, arguments, negated) { Line = node.Line };
    }
}
