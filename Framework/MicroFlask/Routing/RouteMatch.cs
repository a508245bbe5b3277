namespace MicroFlask.Routing;

/// <summary>The rule that matched a URL and its converted variables.</summary>
public readonly record struct RouteMatch(Rule Rule, IReadOnlyDictionary<string, object?> Arguments);
