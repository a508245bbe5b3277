using System.Globalization;

namespace MicroFlask.Routing;

/// <summary>Binds <see cref="ConverterArguments"/> to a built-in converter's parameters, Python style.</summary>
internal static class ConverterParameters
{
    /// <summary>Returns one value per parameter name (null when not given); rejects unknown or repeated ones.</summary>
    public static object?[] Bind(ConverterArguments args, string converter, params string[] parameters)
    {
        if (parameters.Length == 0 && !args.IsEmpty)
        {
            throw new ArgumentException(TakesNoArguments(converter));
        }

        if (args.Positional.Count > parameters.Length)
        {
            throw new ArgumentException(
                $"The converter '{converter}' takes at most {parameters.Length} arguments ({string.Join(", ", parameters)}), not {args.Positional.Count}: remove the extra ones.");
        }

        var bound = new object?[parameters.Length];
        var given = new bool[parameters.Length];
        for (var i = 0; i < args.Positional.Count; i++)
        {
            bound[i] = args.Positional[i];
            given[i] = true;
        }

        foreach (var (name, value) in args.Named)
        {
            var index = Array.IndexOf(parameters, name);
            if (index < 0)
            {
                throw new ArgumentException(
                    $"The converter '{converter}' has no argument '{name}': use one of {string.Join(", ", parameters)}.");
            }

            if (given[index])
            {
                throw new ArgumentException($"The converter '{converter}' got the argument '{name}' twice: keep one.");
            }

            bound[index] = value;
            given[index] = true;
        }

        return bound;
    }

    public static string TakesNoArguments(string converter) =>
        $"The converter '{converter}' takes no arguments: write <{converter}:name>.";

    public static long? Integer(object? value, string converter, string name) => value switch
    {
        null => null,
        int i => i,
        long l => l,
        _ => throw new ArgumentException($"The argument '{name}' of converter '{converter}' must be an integer, not '{value}'."),
    };

    public static double? Real(object? value, string converter, string name) => value switch
    {
        null => null,
        int i => i,
        long l => l,
        double d => d,
        _ => throw new ArgumentException($"The argument '{name}' of converter '{converter}' must be a number, not '{value}'."),
    };

    public static bool Flag(object? value, string converter, string name) => value switch
    {
        null => false,
        bool b => b,
        _ => throw new ArgumentException($"The argument '{name}' of converter '{converter}' must be True or False, not '{value}'."),
    };

    public static int? Length(object? value, string converter, string name)
    {
        var number = Integer(value, converter, name);
        if (number is < 0 or > int.MaxValue)
        {
            throw new ArgumentException($"The argument '{name}' of converter '{converter}' must be a length (0 or more), not '{number.Value.ToString(CultureInfo.InvariantCulture)}'.");
        }

        return (int?)number;
    }
}
