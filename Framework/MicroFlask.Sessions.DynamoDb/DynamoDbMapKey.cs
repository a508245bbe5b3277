namespace MicroFlask.Sessions.DynamoDb;

/// <summary>
/// Session keys as the names of entries in the item's map. DynamoDB refuses an empty name, so every key that is
/// empty or starts with '%' gets one '%' in front; reading strips it. The mapping is one-to-one both ways, and
/// ordinary keys are stored as they are. (Names go into expressions as #placeholders, so no other character is special.)
/// </summary>
internal static class DynamoDbMapKey
{
    internal static string Encode(string key) => key.Length == 0 || key[0] == '%' ? "%" + key : key;

    internal static string Decode(string name) => name.Length > 0 && name[0] == '%' ? name[1..] : name;
}
