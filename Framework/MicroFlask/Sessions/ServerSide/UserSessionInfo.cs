using System.Text.Json;
using System.Text.Json.Serialization;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// What a user's session records about itself for <see cref="UserSessions.ListAsync"/>: when it was signed in, when it was
/// last saved, and the user agent and address of that request. Stored as the reserved entry <see cref="Key"/> of the
/// session (plain JSON), never shown to views.
/// </summary>
internal sealed record UserSessionInfo(
    [property: JsonPropertyName("created")] long CreatedMs,
    [property: JsonPropertyName("seen")] long SeenMs,
    [property: JsonPropertyName("agent")] string? UserAgent,
    [property: JsonPropertyName("address")] string? RemoteAddress)
{
    /// <summary>The session entry that holds it. A user key of this name is refused.</summary>
    internal const string Key = "_user_session";

    /// <summary>The longest user agent kept: enough to tell browsers apart, not a way to fill the store.</summary>
    private const int MaxAgentLength = 256;

    internal DateTimeOffset Created => DateTimeOffset.FromUnixTimeMilliseconds(CreatedMs);

    internal DateTimeOffset Seen => DateTimeOffset.FromUnixTimeMilliseconds(SeenMs);

    internal static UserSessionInfo Create(DateTimeOffset created, DateTimeOffset seen, string? userAgent, string? remoteAddress) =>
        new(created.ToUnixTimeMilliseconds(), seen.ToUnixTimeMilliseconds(),
            userAgent is { Length: > MaxAgentLength } ? userAgent[..MaxAgentLength] : userAgent, remoteAddress);

    internal string Serialize() => JsonSerializer.Serialize(this);

    /// <summary>The info in <paramref name="entries"/>, or null when missing or unreadable (then the next save writes it anew).</summary>
    internal static UserSessionInfo? Read(IReadOnlyDictionary<string, string>? entries)
    {
        if (entries is null || !entries.TryGetValue(Key, out var json)) return null;
        try
        {
            return JsonSerializer.Deserialize<UserSessionInfo>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
