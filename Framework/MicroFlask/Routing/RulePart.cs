using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace MicroFlask.Routing;

/// <summary>
/// One '/'-separated piece of a rule as the matcher sees it: literal text, or a regex holding variables.
/// A final part (after a converter that matches '/') swallows the rest of the path.
/// </summary>
internal sealed class RulePart
{
    // Rules often repeat the same part ("<int:id>"), so they share one compiled regex.
    private static readonly ConcurrentDictionary<string, Regex> RegexCache = new(StringComparer.Ordinal);

    private RulePart(string content, bool isStatic, bool isFinal, bool isSuffixed, bool isLoneVariable, bool isAnySegment, int variableCount, PartWeight weight)
    {
        Content = content;
        IsStatic = isStatic;
        IsFinal = isFinal;
        IsSuffixed = isSuffixed;
        IsLoneVariable = isLoneVariable;
        IsAnySegment = isAnySegment;
        VariableCount = variableCount;
        Weight = weight;
        if (!isStatic && !isAnySegment)
        {
            Regex = RegexCache.GetOrAdd(content, static source => new Regex(
                @"\A" + source,
                RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture));
        }
    }

    /// <summary>The literal segment for a static part, else the regex source.</summary>
    public string Content { get; }

    public bool IsStatic { get; }

    public bool IsFinal { get; }

    /// <summary>A final part of a rule ending in '/': its regex captures that slash in group "s" for the redirect.</summary>
    public bool IsSuffixed { get; }

    /// <summary>The part is one variable and nothing else, so its value is the whole matched text.</summary>
    public bool IsLoneVariable { get; }

    /// <summary>A lone default-regex variable: any non-empty segment matches, no regex needed.</summary>
    public bool IsAnySegment { get; }

    public int VariableCount { get; }

    public PartWeight Weight { get; }

    public Regex? Regex { get; }

    public static RulePart Static(string text) =>
        new(text, isStatic: true, isFinal: false, isSuffixed: false, isLoneVariable: false, isAnySegment: false, 0, new PartWeight([], []));

    public static RulePart Dynamic(string regex, bool isFinal, bool isSuffixed, bool isLoneVariable, bool isAnySegment, int variableCount, PartWeight weight) =>
        new(regex, isStatic: false, isFinal, isSuffixed, isLoneVariable, isAnySegment, variableCount, weight);

    /// <summary>Two parts that match the same text the same way can share a matcher state.</summary>
    public bool SameAs(RulePart other) =>
        IsStatic == other.IsStatic && IsFinal == other.IsFinal && IsSuffixed == other.IsSuffixed
        && string.Equals(Content, other.Content, StringComparison.Ordinal) && Weight.Equals(other.Weight);
}
