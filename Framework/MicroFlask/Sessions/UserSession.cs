namespace MicroFlask.Sessions;

/// <summary>One live session of a user, as <see cref="UserSessions.ListAsync"/> shows it: a device the user is signed in on.</summary>
/// <param name="Handle">
/// Names the session for <see cref="UserSessions.RevokeAsync"/>: a keyed hash (HMAC-SHA256) of its id, never the id itself,
/// so a page that lists sessions gives nobody a cookie to steal.
/// </param>
/// <param name="Created">When the session was signed in to the user.</param>
/// <param name="LastSeen">When it was last saved (to the minute: a save within a minute of the last does not write it again).</param>
/// <param name="UserAgent">The User-Agent of that request, if it sent one.</param>
/// <param name="RemoteAddress">The client's address at that request (after ProxyFix, when used).</param>
/// <param name="IsCurrent">Whether it is the session of the request that asked ("this device").</param>
public sealed record UserSession(string Handle, DateTimeOffset Created, DateTimeOffset LastSeen, string? UserAgent, string? RemoteAddress, bool IsCurrent);
