namespace MicroFlask.Http;

/// <summary>Reason phrases and default descriptions for HTTP status codes.</summary>
internal static class HttpStatus
{
    /// <summary>The reason phrase, e.g. "Not Found" for 404.</summary>
    internal static string ReasonPhrase(int code) => code switch
    {
        200 => "OK", 201 => "Created", 202 => "Accepted", 204 => "No Content", 206 => "Partial Content",
        301 => "Moved Permanently", 302 => "Found", 303 => "See Other", 304 => "Not Modified",
        307 => "Temporary Redirect", 308 => "Permanent Redirect",
        400 => "Bad Request", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found",
        405 => "Method Not Allowed", 406 => "Not Acceptable", 408 => "Request Timeout", 409 => "Conflict",
        410 => "Gone", 411 => "Length Required", 412 => "Precondition Failed", 413 => "Request Entity Too Large",
        414 => "Request URI Too Long", 415 => "Unsupported Media Type", 416 => "Requested Range Not Satisfiable", 418 => "I'm a teapot",
        422 => "Unprocessable Entity", 429 => "Too Many Requests",
        500 => "Internal Server Error", 501 => "Not Implemented", 502 => "Bad Gateway",
        503 => "Service Unavailable", 504 => "Gateway Timeout",
        _ => "Unknown",
    };

    /// <summary>The default text of the error page for <paramref name="code"/>.</summary>
    internal static string Describe(int code) => code switch
    {
        400 => "The browser (or proxy) sent a request that this server could not understand.",
        401 => "The server could not verify that you are authorized to access the URL requested.",
        403 => "You don't have the permission to access the requested resource.",
        404 => "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
        405 => "The method is not allowed for the requested URL.",
        412 => "The precondition on the request for the URL failed positive evaluation.",
        413 => "The data value transmitted exceeds the capacity limit.",
        416 => "The server cannot provide the requested range.",
        500 => "The server encountered an internal error and was unable to complete your request.",
        503 => "The server is temporarily unable to service your request. Please try again later.",
        _ => ReasonPhrase(code),
    };
}
