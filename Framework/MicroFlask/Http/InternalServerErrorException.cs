namespace MicroFlask.Http;

/// <summary>
/// The 500 an unhandled exception becomes. Error handlers registered for 500 receive it, with the
/// <see cref="OriginalException"/> that caused it (Flask's <c>InternalServerError.original_exception</c>).
/// </summary>
public sealed class InternalServerErrorException : HttpException
{
    /// <summary>Creates the error for <paramref name="original"/>; <paramref name="showDetails"/> puts the exception on the page (debug mode only).</summary>
    public InternalServerErrorException(Exception? original, bool showDetails = false)
        : base(500, showDetails && original is not null ? original.ToString() : null, original)
    {
        OriginalException = original;
    }

    /// <summary>The unhandled exception, or null when a view returned this error itself.</summary>
    public Exception? OriginalException { get; }
}
