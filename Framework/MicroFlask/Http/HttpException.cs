using MicroFlask.Http;

namespace MicroFlask;

/// <summary>
/// An HTTP error that ends the request with its status code, like Werkzeug's <c>HTTPException</c>.
/// Raised by <see cref="App.Abort(int, string?)"/>, by routing and by request parsing; error handlers
/// registered for the code or the exception type turn it into a response.
/// </summary>
public class HttpException : Exception
{
    /// <summary>Creates an error for <paramref name="code"/> with an optional description shown on the error page.</summary>
    public HttpException(int code, string? description = null, Exception? inner = null)
        : base(description ?? HttpStatus.Describe(code), inner)
    {
        Code = code;
        Description = description ?? HttpStatus.Describe(code);
    }

    /// <summary>The HTTP status code.</summary>
    public int Code { get; }

    /// <summary>The text shown on the default error page.</summary>
    public string Description { get; }

    /// <summary>The reason phrase for <see cref="Code"/>.</summary>
    public string Name => HttpStatus.ReasonPhrase(Code);

    /// <summary>The response to send; an override can add headers (405 adds Allow).</summary>
    public virtual Response GetResponse()
    {
        var body = $"<!doctype html>\n<html lang=en>\n<title>{Code} {Name}</title>\n<h1>{Name}</h1>\n<p>{Markup.Escape(Description)}</p>\n";
        return new Response(body, Code, "text/html; charset=utf-8");
    }
}
