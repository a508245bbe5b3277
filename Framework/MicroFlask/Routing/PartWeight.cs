namespace MicroFlask.Routing;

/// <summary>
/// Orders the dynamic parts tried at one point of a path, the way Werkzeug weighs them: parts with more
/// static text first, then longer static text, then more variables, then lighter converters (int before string
/// before path).
/// </summary>
internal sealed class PartWeight : IComparable<PartWeight>, IEquatable<PartWeight>
{
    private readonly int[] _staticLengths;
    private readonly int[] _converterWeights;

    public PartWeight(IReadOnlyList<int> staticLengths, IReadOnlyList<int> converterWeights)
    {
        _staticLengths = [.. staticLengths];
        _converterWeights = [.. converterWeights];
    }

    public int CompareTo(PartWeight? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byStaticCount = other._staticLengths.Length.CompareTo(_staticLengths.Length);
        if (byStaticCount != 0)
        {
            return byStaticCount;
        }

        // Same number of static chunks: a longer chunk at the same position is more specific.
        for (var i = 0; i < _staticLengths.Length; i++)
        {
            var byLength = other._staticLengths[i].CompareTo(_staticLengths[i]);
            if (byLength != 0)
            {
                return byLength;
            }
        }

        var byVariableCount = other._converterWeights.Length.CompareTo(_converterWeights.Length);
        if (byVariableCount != 0)
        {
            return byVariableCount;
        }

        for (var i = 0; i < _converterWeights.Length; i++)
        {
            var byWeight = _converterWeights[i].CompareTo(other._converterWeights[i]);
            if (byWeight != 0)
            {
                return byWeight;
            }
        }

        return 0;
    }

    public bool Equals(PartWeight? other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is PartWeight other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_staticLengths.Length, _converterWeights.Length);
}
