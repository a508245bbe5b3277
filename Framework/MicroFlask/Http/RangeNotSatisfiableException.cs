namespace MicroFlask.Http;

/// <summary>416: the Range header asks for bytes the file does not have; the page says how long it is (<c>Content-Range: bytes */N</c>).</summary>
internal sealed class RangeNotSatisfiableException : HttpException
{
    internal RangeNotSatisfiableException(long completeLength)
        : base(416)
    {
        CompleteLength = completeLength;
    }

    internal long CompleteLength { get; }

    public override Response GetResponse()
    {
        var response = base.GetResponse();
        response.Headers.Set("Content-Range", "bytes */" + CompleteLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response;
    }
}
