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
            throw new ArgumentException($"converter '{converter}' takes no arguments");
        }

        if (args.Positional.Count > parameters.Length)
        {
            throw new ArgumentException(
                $"converter '{converter}' takes at most {parameters.Length} arguments ({string.Join(", ", parameters)}), got {args.Positional.Count}");
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
                    $"converter '{converter}' has no argument '{name}'; it accepts: {(parameters.Length == 0 ? "none" : string.Join(", ", parameters))}");
            }

            if (given[index])
            {
                throw new ArgumentException($"converter '{converter}' got argument '{name}' twice");
            }

            bound[index] = value;
            given[index] = true;
        }

        return bound;
    }

    public static long? Integer(object? value, string converter, string name) => value switch
    {
        null => null,
        int i => i,
        long l => l,
        _ => throw new ArgumentException($"argument '{name}' of converter '{converter}' must be an integer, got '{value}'"),
    };

    public static double? Real(object? value, string converter, string name) => value switch
    {
        null => null,
        int i => i,
        long l => l,
        double d => d,
        _ => throw new ArgumentException($"argument '{name}' of converter '{converter}' must be a number, got '{value}'"),
    };

    public static bool Flag(object? value, string converter, string name) => value switch
    {
        null => false,
        bool b => b,
        _ => throw new ArgumentException($"argument '{name}' of converter '{converter}' must be True or False, got '{value}'"),
    };

    public static int? Length(object? value, string converter, string name)
    {
        var number = Integer(value, converter, name);
        if (number is < 0 or > int.MaxValue)
        {
            throw new ArgumentException($"argument '{name}' of converter '{converter}' must be a length, got '{number.Value.ToString(CultureInfo.InvariantCulture)}'");
        }

        return (int?)number;
    }
}
