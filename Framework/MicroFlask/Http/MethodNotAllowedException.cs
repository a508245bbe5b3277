namespace MicroFlask.Http;

/// <summary>405: the URL exists but not for this method. The response lists the allowed methods in <c>Allow</c>.</summary>
public sealed class MethodNotAllowedException : HttpException
{
    /// <summary>Creates the error with the methods the URL accepts.</summary>
    public MethodNotAllowedException(IEnumerable<string> validMethods)
        : base(405, "The method is not allowed for the requested URL.")
    {
        ValidMethods = validMethods.OrderBy(m => m, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The methods the matched URL accepts.</summary>
    public IReadOnlyList<string> ValidMethods { get; }

    /// <inheritdoc />
    public override Response GetResponse()
    {
        var response = base.GetResponse();
        response.Headers.Set("Allow", string.Join(", ", ValidMethods));
        return response;
    }
}
