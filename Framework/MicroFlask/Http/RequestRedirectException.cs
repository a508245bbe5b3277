namespace MicroFlask.Http;

/// <summary>
/// Raised by routing when the URL should be requested elsewhere, e.g. <c>/dir</c> -> <c>/dir/</c>
/// for a rule with a trailing slash. 308 keeps the method and body, as Werkzeug does.
/// </summary>
public sealed class RequestRedirectException : HttpException
{
    /// <summary>Creates the redirect to <paramref name="newUrl"/>.</summary>
    public RequestRedirectException(string newUrl, int code = 308)
        : base(code, "The URL was moved: redirecting to " + newUrl)
    {
        NewUrl = newUrl;
    }

    /// <summary>Where the client should go.</summary>
    public string NewUrl { get; }

    /// <summary>
    /// The subdomain (or, with host matching, the host) <see cref="NewUrl"/> belongs to when the URL map sends the
    /// request to another rule's domain; null for the request's own. The app makes the URL absolute for it.
    /// </summary>
    internal string? Domain { get; init; }

    /// <inheritdoc />
    public override Response GetResponse() => Response.Redirect(NewUrl, Code);
}
