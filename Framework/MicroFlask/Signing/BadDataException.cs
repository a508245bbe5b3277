namespace MicroFlask.Signing;

/// <summary>The base of every signing error: the data handed back by a client cannot be trusted or read.</summary>
public class BadDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BadDataException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
