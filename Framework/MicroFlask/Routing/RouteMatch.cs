namespace MicroFlask.Routing;

/// <summary>The rule that matched a request and the converted values of its variables.</summary>
/// <param name="Rule">The matched rule.</param>
/// <param name="Arguments">Variable name to converted value (int, long, double, Guid, string or a custom type).</param>
public readonly record struct RouteMatch(Rule Rule, IReadOnlyDictionary<string, object?> Arguments);
