namespace MicroFlask.Signing;

/// <summary>The signature is valid but older than the maximum age (or dated in the future).</summary>
public class SignatureExpiredException : BadTimeSignatureException
{
    /// <summary>Creates the exception.</summary>
    public SignatureExpiredException(string message, byte[]? payload, DateTimeOffset dateSigned)
        : base(message, payload, dateSigned)
    {
    }
}
