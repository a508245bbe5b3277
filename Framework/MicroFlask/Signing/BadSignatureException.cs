namespace MicroFlask.Signing;

/// <summary>The signature is missing or does not match any of the secret keys.</summary>
public class BadSignatureException : BadDataException
{
    /// <summary>Creates the exception.</summary>
    public BadSignatureException(string message, byte[]? payload = null)
        : base(message) => Payload = payload;

    /// <summary>The value that failed the check, if one could be split off; never trust it.</summary>
    public byte[]? Payload { get; }
}
