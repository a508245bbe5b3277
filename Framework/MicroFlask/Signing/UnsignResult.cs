namespace MicroFlask.Signing;

/// <summary>
/// The outcome of <see cref="TimestampSigner"/>'s span-based check: the value is always a prefix of the signed
/// bytes, so only its length is kept.
/// </summary>
internal readonly record struct UnsignResult(UnsignStatus Status, int ValueLength, long? Timestamp = null, long Age = 0)
{
    public bool IsValid => Status == UnsignStatus.Valid;
}
