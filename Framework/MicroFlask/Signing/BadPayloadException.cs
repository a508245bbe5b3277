namespace MicroFlask.Signing;

/// <summary>The signature was valid but the payload could not be decoded, decompressed or deserialized.</summary>
public class BadPayloadException : BadDataException
{
    /// <summary>Creates the exception; <paramref name="innerException"/> is the decoder's own error.</summary>
    public BadPayloadException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
