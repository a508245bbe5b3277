namespace MicroFlask.Routing;

/// <summary>Temporary stand-in until the routing branch lands.</summary>
public sealed class Rule
{
    internal Rule(string pattern, string endpoint, IReadOnlySet<string> methods, IReadOnlyList<string> arguments, System.Text.RegularExpressions.Regex regex, bool strictSlashes)
    {
        Pattern = pattern; Endpoint = endpoint; Methods = methods; Arguments = arguments; Regex = regex; StrictSlashes = strictSlashes;
    }
    public string Pattern { get; }
    public string Endpoint { get; }
    public IReadOnlySet<string> Methods { get; }
    public IReadOnlyList<string> Arguments { get; }
    public bool StrictSlashes { get; }
    internal System.Text.RegularExpressions.Regex Regex { get; }
    public object? Handler { get; set; }
    public bool ProvideAutomaticOptions { get; set; }
}
