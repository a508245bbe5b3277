namespace MicroFlask.Http;

/// <summary>
/// 400: a view read a query argument, form field or file the client did not send (<c>request.Form["name"]</c>), as
/// Werkzeug's <c>BadRequestKeyError</c>. The page names the key only in debug mode (DEBUG or TRAP_BAD_REQUEST_ERRORS),
/// so that production pages do not describe the app's fields; the exception's message always names it.
/// </summary>
public sealed class BadRequestKeyException : HttpException
{
    /// <summary>Creates the error for the missing <paramref name="key"/>.</summary>
    public BadRequestKeyException(string key)
        : base(400)
    {
        Key = key;
    }

    /// <summary>The key that was not sent.</summary>
    public string Key { get; }

    /// <summary>Whether the page names the key; the app sets it in debug mode, as Flask sets <c>show_exception</c>.</summary>
    public bool ShowKey { get; set; }

    /// <summary>The generic 400 description, then the key, as Werkzeug writes it ("KeyError: 'name'").</summary>
    public override string Message => base.Message + "\n" + KeyLine;

    private string KeyLine => $"KeyError: '{Key}'";

    /// <inheritdoc />
    public override Response GetResponse() => ShowKey ? new HttpException(400, Description + "\n" + KeyLine).GetResponse() : base.GetResponse();
}
