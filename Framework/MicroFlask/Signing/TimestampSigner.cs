using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;

namespace MicroFlask.Signing;

/// <summary>
/// A <see cref="Signer"/> that also records when it signed, so that signatures can expire:
/// <c>value.timestamp.signature</c>, the timestamp being the big-endian Unix seconds without leading zero bytes,
/// URL-safe base64 without padding (itsdangerous' format).
/// </summary>
public class TimestampSigner : Signer
{
    // The largest Unix time a DateTimeOffset can hold (9999-12-31T23:59:59Z); later stamps are malformed.
    private const long MaxTimestamp = 253402300799;
    private const int MaxTimestampLength = 11;

    private readonly TimeProvider _time;

    /// <summary>Creates a signer with one secret key (UTF-8 encoded).</summary>
    public TimestampSigner(string secretKey, SignerOptions? options = null, TimeProvider? timeProvider = null)
        : this([secretKey], options, timeProvider)
    {
    }

    /// <summary>Creates a signer with secret keys (UTF-8 encoded), oldest first; the last one signs.</summary>
    public TimestampSigner(IEnumerable<string> secretKeys, SignerOptions? options = null, TimeProvider? timeProvider = null)
        : base(secretKeys, options) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>Creates a signer with secret keys, oldest first; the last one signs.</summary>
    public TimestampSigner(IEnumerable<byte[]> secretKeys, SignerOptions? options = null, TimeProvider? timeProvider = null)
        : base(secretKeys, options) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>Returns <c>value.timestamp.signature</c>, stamped with the current time.</summary>
    public override string Sign(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var buffer = new Utf8Buffer(value, stackalloc byte[StackLimit], spare: 1 + MaxTimestampLength);
        var bytes = buffer.Buffer;
        var signedLength = buffer.Length + AppendTimestamp(bytes, buffer.Length);
        Span<char> tail = stackalloc char[1 + MaxTimestampLength + 1 + MaxSignatureLength];
        var length = Encoding.ASCII.GetChars(bytes[buffer.Length..signedLength], tail);
        tail[length++] = Options.Separator;
        length += WriteSignature(bytes[..signedLength], tail[length..]);
        return string.Concat(value.AsSpan(), tail[..length]);
    }

    /// <summary>Returns the value if its signature matches one of the keys; the age is not checked.</summary>
    /// <exception cref="BadSignatureException">The signature or timestamp is bad.</exception>
    public override string Unsign(string signedValue) => Unsign(signedValue, maxAge: null, out _);

    /// <summary>Returns the value if its signature matches one of the keys and is at most <paramref name="maxAge"/> old.</summary>
    /// <exception cref="SignatureExpiredException">The signature is valid but too old, or dated in the future.</exception>
    /// <exception cref="BadTimeSignatureException">The timestamp is missing or malformed, or the signature is wrong.</exception>
    /// <exception cref="BadSignatureException">The value has no separator at all.</exception>
    public string Unsign(string signedValue, TimeSpan? maxAge) => Unsign(signedValue, maxAge, out _);

    /// <inheritdoc cref="Unsign(string, TimeSpan?)"/>
    /// <param name="signedValue">The signed text.</param>
    /// <param name="maxAge">The oldest signature accepted; null accepts any age.</param>
    /// <param name="signedAt">When the value was signed (UTC).</param>
    public string Unsign(string signedValue, TimeSpan? maxAge, out DateTimeOffset signedAt)
    {
        ArgumentNullException.ThrowIfNull(signedValue);
        using var buffer = new Utf8Buffer(signedValue, stackalloc byte[StackLimit]);
        var result = Unsign(buffer.Bytes, maxAge);
        if (!result.IsValid)
        {
            throw CreateException(result, buffer.Bytes, maxAge);
        }

        signedAt = DateTimeOffset.FromUnixTimeSeconds(result.Timestamp!.Value);
        return Encoding.UTF8.GetString(buffer.Bytes[..result.ValueLength]);
    }

    /// <inheritdoc />
    public override bool Validate(string signedValue) => Validate(signedValue, maxAge: null);

    /// <summary>True when the signature is valid and at most <paramref name="maxAge"/> old.</summary>
    public bool Validate(string signedValue, TimeSpan? maxAge)
    {
        try
        {
            Unsign(signedValue, maxAge, out _);
            return true;
        }
        catch (BadSignatureException)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes <c>.timestamp</c> after the first <paramref name="valueLength"/> bytes of <paramref name="buffer"/>
    /// (which needs 12 free bytes there); returns the bytes written.
    /// </summary>
    internal int AppendTimestamp(Span<byte> buffer, int valueLength)
    {
        Span<byte> stamp = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(stamp, (ulong)_time.GetUtcNow().ToUnixTimeSeconds());
        var firstNonZero = stamp.IndexOfAnyExcept((byte)0);
        stamp = firstNonZero < 0 ? [] : stamp[firstNonZero..];
        buffer[valueLength] = SeparatorByte;
        return 1 + Base64Url.EncodeToUtf8(stamp, buffer[(valueLength + 1)..]);
    }

    /// <summary>Checks signature, timestamp and age without throwing, following itsdangerous' order of checks.</summary>
    internal UnsignResult Unsign(ReadOnlySpan<byte> signed, TimeSpan? maxAge)
    {
        var signedPartLength = signed.LastIndexOf(SeparatorByte);
        if (signedPartLength < 0)
        {
            return new UnsignResult(UnsignStatus.NoSeparator, 0);
        }

        var signedPart = signed[..signedPartLength];
        var signatureValid = VerifySignature(signedPart, signed[(signedPartLength + 1)..]);
        var valueLength = signedPart.LastIndexOf(SeparatorByte);
        if (valueLength < 0)
        {
            return new UnsignResult(signatureValid ? UnsignStatus.MissingTimestamp : UnsignStatus.SignatureMismatch, signedPartLength);
        }

        var timestamp = DecodeTimestamp(signedPart[(valueLength + 1)..]);
        if (!signatureValid)
        {
            return new UnsignResult(UnsignStatus.TimeSignatureMismatch, valueLength, timestamp);
        }

        if (timestamp is null)
        {
            return new UnsignResult(UnsignStatus.MalformedTimestamp, valueLength);
        }

        if (maxAge is { } limit)
        {
            // Whole seconds on both sides, as itsdangerous compares int(time.time()) with an int max_age.
            var age = _time.GetUtcNow().ToUnixTimeSeconds() - timestamp.Value;
            if (age > (long)limit.TotalSeconds || age < 0)
            {
                return new UnsignResult(UnsignStatus.Expired, valueLength, timestamp, age);
            }
        }

        return new UnsignResult(UnsignStatus.Valid, valueLength, timestamp);
    }

    /// <summary>The exception itsdangerous would raise for <paramref name="result"/>.</summary>
    internal BadSignatureException CreateException(UnsignResult result, ReadOnlySpan<byte> signed, TimeSpan? maxAge)
    {
        var payload = result.Status == UnsignStatus.NoSeparator ? null : signed[..result.ValueLength].ToArray();
        DateTimeOffset? date = result.Timestamp is { } ts ? DateTimeOffset.FromUnixTimeSeconds(ts) : null;
        return result.Status switch
        {
            UnsignStatus.NoSeparator => new BadSignatureException($"No '{Options.Separator}' found in value."),
            UnsignStatus.SignatureMismatch => new BadSignatureException("Signature does not match.", payload),
            UnsignStatus.TimeSignatureMismatch => new BadTimeSignatureException("Signature does not match.", payload, date),
            UnsignStatus.MissingTimestamp => new BadTimeSignatureException("Timestamp missing.", payload),
            UnsignStatus.MalformedTimestamp => new BadTimeSignatureException("Malformed timestamp.", payload),
            UnsignStatus.Expired => new SignatureExpiredException(
                result.Age < 0
                    ? $"Signature age {result.Age} < 0 seconds."
                    : $"Signature age {result.Age} > {(long)maxAge!.Value.TotalSeconds} seconds.",
                payload,
                date!.Value),
            _ => throw new ArgumentOutOfRangeException(nameof(result), result.Status, "Not a failure."),
        };
    }

    private static long? DecodeTimestamp(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length > MaxTimestampLength)
        {
            return null;
        }

        Span<byte> raw = stackalloc byte[8];
        if (Base64Url.DecodeFromUtf8(encoded, raw, out _, out var written) != OperationStatus.Done)
        {
            return null;
        }

        ulong value = 0;
        foreach (var b in raw[..written])
        {
            value = (value << 8) | b;
        }

        return value <= MaxTimestamp ? (long)value : null;
    }
}
