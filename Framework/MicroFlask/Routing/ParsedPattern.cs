namespace MicroFlask.Routing;

/// <summary>What <see cref="RuleParser"/> learned from a pattern.</summary>
internal sealed record ParsedPattern(RulePart[] Parts, string[] Variables, RouteConverter[] Converters, BuildStep[] Steps);
