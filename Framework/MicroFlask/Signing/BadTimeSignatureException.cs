namespace MicroFlask.Signing;

/// <summary>A timestamped value failed its check: bad signature, or a missing or malformed timestamp.</summary>
public class BadTimeSignatureException : BadSignatureException
{
    /// <summary>Creates the exception.</summary>
    public BadTimeSignatureException(string message, byte[]? payload = null, DateTimeOffset? dateSigned = null)
        : base(message, payload) => DateSigned = dateSigned;

    /// <summary>When the value claims to have been signed (UTC), if the timestamp could be read.</summary>
    public DateTimeOffset? DateSigned { get; }
}
