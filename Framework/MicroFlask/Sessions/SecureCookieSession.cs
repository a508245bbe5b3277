namespace MicroFlask.Sessions;

/// <summary>
/// The session stored in a signed cookie (Flask's <c>SecureCookieSession</c>): a <see cref="SessionDictionary"/>
/// whose whole content travels in the cookie. <see cref="ISession.New"/> is true when no valid cookie came with the
/// request.
/// </summary>
public class SecureCookieSession : SessionDictionary
{
    /// <summary>Creates a session holding <paramref name="initial"/>, not marked modified.</summary>
    public SecureCookieSession(IEnumerable<KeyValuePair<string, object?>>? initial = null, bool isNew = false)
        : base(initial, isNew)
    {
    }

    /// <summary>A session over a dictionary just deserialized, which nothing else holds: no copy.</summary>
    internal SecureCookieSession(Dictionary<string, object?> owned, bool isNew)
        : base(isNew, owned)
    {
    }
}
