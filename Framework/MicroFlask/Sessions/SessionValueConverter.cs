using System.Globalization;
using System.Text.Json;

namespace MicroFlask.Sessions;

/// <summary>Turns a stored session value (long, double, string, list, dictionary...) into the type a caller asks for.</summary>
internal static class SessionValueConverter
{
    internal static T? Convert<T>(object? value, T? defaultValue)
    {
        switch (value)
        {
            case null:
                return defaultValue;
            case T typed:
                return typed;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (target.IsEnum)
        {
            return value is string name
                ? (T)Enum.Parse(target, name, ignoreCase: true)
                : (T)Enum.ToObject(target, System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
        }
        if (value is IConvertible && typeof(IConvertible).IsAssignableFrom(target))
        {
            return (T)System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        if (target == typeof(Guid) && value is string text) return (T)(object)Guid.Parse(text);

        // Lists and dictionaries read back as plain JSON shapes; a round trip through JSON binds them to user types.
        var json = JsonSerializer.SerializeToUtf8Bytes(value);
        return JsonSerializer.Deserialize<T>(json);
    }
}
