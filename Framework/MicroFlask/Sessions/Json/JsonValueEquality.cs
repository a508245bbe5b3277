using System.Collections;
using System.Numerics;

namespace MicroFlask.Sessions.Json;

/// <summary>
/// Value equality for session values as Python sees them: containers compare by content, byte arrays by bytes,
/// integers by value whatever their .NET type. Tuples and lists never equal each other, as in Python.
/// </summary>
internal static class JsonValueEquality
{
    public static new bool Equals(object? left, object? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null)
        {
            return false;
        }

        if (TryGetInteger(left, out var leftInteger))
        {
            return TryGetInteger(right, out var rightInteger) && leftInteger == rightInteger;
        }

        switch (left)
        {
            case byte[] leftBytes:
                return right is byte[] rightBytes && leftBytes.AsSpan().SequenceEqual(rightBytes);
            case JsonTuple:
                return left.Equals(right);
            case IDictionary leftDictionary:
                return right is IDictionary rightDictionary && DictionaryEquals(leftDictionary, rightDictionary);
            case string:
                return left.Equals(right);
            case IList leftList:
                return right is IList rightList and not byte[] && ListEquals(leftList, rightList);
            default:
                return left.Equals(right);
        }
    }

    public static bool SequenceEquals(object?[] left, object?[] right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (!Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A hash consistent with <see cref="Equals(object?, object?)"/>: containers hash by size only.</summary>
    public static int GetHashCode(object? value) => value switch
    {
        null => 0,
        _ when TryGetInteger(value, out var integer) => integer.GetHashCode(),
        string or JsonTuple => value.GetHashCode(),
        ICollection collection => collection.Count,
        _ => value.GetHashCode(),
    };

    private static bool ListEquals(IList left, IList right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool DictionaryEquals(IDictionary left, IDictionary right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (DictionaryEntry entry in left)
        {
            if (!right.Contains(entry.Key) || !Equals(entry.Value, right[entry.Key]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryGetInteger(object value, out BigInteger integer)
    {
        switch (value)
        {
            case long l: integer = l; return true;
            case int i: integer = i; return true;
            case short s: integer = s; return true;
            case sbyte sb: integer = sb; return true;
            case byte b: integer = b; return true;
            case ushort us: integer = us; return true;
            case uint ui: integer = ui; return true;
            case ulong ul: integer = ul; return true;
            case BigInteger big: integer = big; return true;
            default: integer = default; return false;
        }
    }
}
