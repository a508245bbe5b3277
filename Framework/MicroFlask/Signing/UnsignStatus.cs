namespace MicroFlask.Signing;

/// <summary>Why a signed value was refused, so that the hot path can report it without an exception.</summary>
internal enum UnsignStatus
{
    Valid,

    /// <summary>No separator at all: itsdangerous' plain BadSignature without payload.</summary>
    NoSeparator,

    /// <summary>Wrong signature and no timestamp separator either: a plain BadSignature.</summary>
    SignatureMismatch,

    /// <summary>Wrong signature on a value that has a timestamp: BadTimeSignature.</summary>
    TimeSignatureMismatch,

    /// <summary>Signature valid but the signed part has no timestamp.</summary>
    MissingTimestamp,

    /// <summary>Signature valid but the timestamp cannot be read.</summary>
    MalformedTimestamp,

    /// <summary>Signature valid but older than the maximum age, or dated in the future.</summary>
    Expired,
}
