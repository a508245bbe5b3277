using MicroFlask.Context;
using MicroFlask.Sessions;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask;

/// <summary>
/// A user's sessions on every device: list them, end one, or end them all ("log out everywhere", after a password change).
/// The app names the session key that holds the user (SESSION_USER_KEY, e.g. "user_id"); each save records that user with
/// the session. Needs a server-side store (<see cref="App.UseSessionStore"/>): the signed cookie session keeps each session
/// only in its browser, so the server can neither find nor end it.
/// </summary>
/// <remarks>
/// <c>userId</c> is the text of the value under SESSION_USER_KEY: "42" for the number 42. Call these from a view
/// (the current session is then marked and, when revoked, logged out with this response) or anywhere the app context is
/// pushed. A request of a revoked session that is already running when it is revoked may still save its own changes.
/// </remarks>
public static class UserSessions
{
    /// <summary>The live sessions of <paramref name="userId"/>, the most recently seen first.</summary>
    /// <exception cref="InvalidOperationException">The app has no server-side store, no SESSION_USER_KEY or no SECRET_KEY (the message says which).</exception>
    public static ValueTask<IReadOnlyList<UserSession>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        var (sessions, current) = Resolve(userId, ref cancellationToken);
        return sessions.ListUserSessionsAsync(App.Current, userId, current, cancellationToken);
    }

    /// <summary>
    /// Ends the session of <paramref name="userId"/> that <paramref name="handle"/> (a <see cref="UserSession.Handle"/>) names;
    /// it opens empty from then on. False when no live session of that user has this handle.
    /// </summary>
    /// <inheritdoc cref="ListAsync" path="/exception"/>
    public static ValueTask<bool> RevokeAsync(string userId, string handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var (sessions, current) = Resolve(userId, ref cancellationToken);
        return sessions.RevokeUserSessionsAsync(App.Current, userId, handle, keepCurrent: false, current, cancellationToken);
    }

    /// <summary>
    /// Ends every session of <paramref name="userId"/> ("log out everywhere"), the current one too unless
    /// <paramref name="keepCurrent"/>; returns how many ended.
    /// </summary>
    /// <inheritdoc cref="ListAsync" path="/exception"/>
    public static ValueTask<int> RevokeAllAsync(string userId, bool keepCurrent = false, CancellationToken cancellationToken = default)
    {
        var (sessions, current) = Resolve(userId, ref cancellationToken);
        return sessions.RevokeAllUserSessionsAsync(App.Current, userId, keepCurrent, current, cancellationToken);
    }

    private static (ServerSideSessionInterface Sessions, ServerSideSession? Current) Resolve(string userId, ref CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var app = App.Current;
        if (app.SessionInterface is not ServerSideSessionInterface sessions)
            throw new InvalidOperationException(
                $"UserSessions needs a server-side session store, and this app uses {app.SessionInterface.GetType().Name}: a signed cookie "
                + "session lives only in its browser, so the server can neither list nor end it. Set SESSION_TYPE (e.g. \"redis\", \"sqlalchemy\") "
                + "and SESSION_USER_KEY, then call app.UseSessionStore().");
        var request = RequestContext.Top;
        if (request is not null && !cancellationToken.CanBeCanceled) cancellationToken = request.Request.Aborted;
        return (sessions, request is { HasSession: true } ? request.Session as ServerSideSession : null);
    }
}
