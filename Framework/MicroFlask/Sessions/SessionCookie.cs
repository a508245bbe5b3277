using MicroFlask.Http;

namespace MicroFlask.Sessions;

/// <summary>
/// The session cookie's name and attributes, read once per save through the <see cref="SessionInterface"/> helpers,
/// so that setting and deleting the cookie always use the same attributes (browsers ignore a deletion that differs).
/// </summary>
public readonly record struct SessionCookie(
    string Name, string? Domain, string Path, bool Secure, bool HttpOnly, string? SameSite, bool Partitioned)
{
    /// <summary>Sets the cookie to <paramref name="value"/>; no <paramref name="expires"/> makes a browser-session cookie.</summary>
    public void Set(Response response, string value, DateTimeOffset? expires) =>
        response.SetCookie(Name, value, expires: expires, path: Path, domain: Domain, secure: Secure, httpOnly: HttpOnly,
            sameSite: SameSite, partitioned: Partitioned);

    /// <summary>Tells the browser to drop the cookie, repeating the attributes it was set with.</summary>
    public void Delete(Response response) =>
        response.DeleteCookie(Name, Path, Domain, Secure, HttpOnly, SameSite, Partitioned);
}
