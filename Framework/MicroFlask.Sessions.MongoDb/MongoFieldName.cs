using System.Text;

namespace MicroFlask.Sessions.MongoDb;

/// <summary>
/// Session keys as MongoDB field names. A field name cannot contain '.' (it would be read as a path in $set) or
/// NUL, and cannot start with '$' (an operator), so those characters, and '%' itself, are written as %XX.
/// The empty key becomes a lone "%", which no encoded name can be. The mapping is one-to-one both ways.
/// </summary>
internal static class MongoFieldName
{
    internal static string Encode(string key)
    {
        if (key.Length == 0) return "%";
        if (key.AsSpan().IndexOfAny("%.$\0") < 0) return key;
        var builder = new StringBuilder(key.Length + 8);
        foreach (var c in key)
        {
            builder.Append(c switch
            {
                '%' => "%25",
                '.' => "%2E",
                '$' => "%24",
                '\0' => "%00",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    internal static string Decode(string field)
    {
        if (field == "%") return "";
        if (!field.Contains('%')) return field;
        var builder = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '%' && i + 2 < field.Length)
            {
                builder.Append((char)Convert.ToInt32(field.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                builder.Append(field[i]);
            }
        }
        return builder.ToString();
    }
}
