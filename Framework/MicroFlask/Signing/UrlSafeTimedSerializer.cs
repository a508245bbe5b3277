using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;

namespace MicroFlask.Signing;

/// <summary>
/// Serializes a value, signs it with a timestamp and makes it safe for URLs and cookies, as itsdangerous'
/// <c>URLSafeTimedSerializer</c> does: <c>[.]payload.timestamp.signature</c>, where the payload is the serialized
/// value in URL-safe base64 without padding, zlib-compressed first (and marked by the leading '.') when that makes
/// it shorter.
/// </summary>
/// <remarks>
/// As itsdangerous' serializer: <see cref="Dumps(object?, string)"/> and <see cref="Loads(string, TimeSpan?, string?)"/>
/// take another salt per call, <see cref="LoadsUnsafe"/> reads the payload of a value whose signature failed, and
/// <see cref="FallbackSigners"/> are tried, in order, when the signer refuses a value (during a change of digest or key derivation).
/// </remarks>
public class UrlSafeTimedSerializer
{
    /// <summary>itsdangerous' default salt for serializers.</summary>
    public const string DefaultSalt = "itsdangerous";

    private const byte CompressedMarker = (byte)'.';

    // A session cookie is at most about 4 KB, so one fits on the stack.
    private const int StackLimit = 4096;

    private readonly byte[][] _secretKeys;
    private readonly SignerOptions _signerOptions;
    private readonly string _salt;
    private readonly TimeProvider? _timeProvider;
    private readonly ConcurrentDictionary<string, TimestampSigner[]> _signersBySalt = new(StringComparer.Ordinal);
    private TimestampSigner[]? _signers;

    /// <summary>Creates a serializer signing with one secret key (UTF-8 encoded).</summary>
    public UrlSafeTimedSerializer(
        string secretKey,
        string salt = DefaultSalt,
        IPayloadSerializer? serializer = null,
        SignerOptions? signerOptions = null,
        TimeProvider? timeProvider = null)
        : this([Encoding.UTF8.GetBytes(secretKey ?? throw new ArgumentNullException(nameof(secretKey)))], salt, serializer, signerOptions, timeProvider)
    {
    }

    /// <summary>
    /// Creates a serializer. <paramref name="secretKeys"/> go oldest first: the last one signs, all of them verify.
    /// <paramref name="salt"/> replaces the salt of <paramref name="signerOptions"/>; the serializer defaults to
    /// <see cref="JsonPayloadSerializer.Default"/>, plain JSON as in itsdangerous (Flask's session passes its tagged JSON).
    /// </summary>
    public UrlSafeTimedSerializer(
        IEnumerable<byte[]> secretKeys,
        string salt = DefaultSalt,
        IPayloadSerializer? serializer = null,
        SignerOptions? signerOptions = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(secretKeys);
        Serializer = serializer ?? JsonPayloadSerializer.Default;
        _secretKeys = [.. secretKeys];
        _signerOptions = signerOptions ?? SignerOptions.Default;
        _salt = salt;
        _timeProvider = timeProvider;
        Signer = new TimestampSigner(_secretKeys, _signerOptions with { Salt = salt }, timeProvider);
    }

    /// <summary>
    /// Signer settings tried, in order, after <see cref="Signer"/> refuses a value (itsdangerous' <c>fallback_signers</c>),
    /// with the same keys and the serializer's salt (the salt of each entry is not used): e.g. the SHA-1 settings while
    /// moving to SHA-256. The signer signs; a fallback only verifies. A value whose signature is good but too old is not
    /// tried further.
    /// </summary>
    public IReadOnlyList<SignerOptions> FallbackSigners { get; init; } = [];

    /// <summary>Writes and reads the payload.</summary>
    public IPayloadSerializer Serializer { get; }

    /// <summary>Signs and checks the payload.</summary>
    public TimestampSigner Signer { get; }

    /// <summary>Serializes, compresses if that helps, encodes and signs <paramref name="value"/>.</summary>
    public string Dumps(object? value) => Dumps(value, Signer);

    /// <summary>
    /// Like <see cref="Dumps(object?)"/>, signed with <paramref name="salt"/> instead of the serializer's salt (itsdangerous'
    /// <c>dumps(obj, salt=...)</c>): only a <see cref="Loads(string, TimeSpan?, string?)"/> with the same salt reads it.
    /// </summary>
    public string Dumps(object? value, string salt)
    {
        ArgumentNullException.ThrowIfNull(salt);
        return Dumps(value, SignersFor(salt)[0]);
    }

    private string Dumps(object? value, TimestampSigner signer)
    {
        using var json = new PooledBufferWriter();
        Serializer.Serialize(value, json);
        // Most sessions are too short to gain from zlib, and starting a zlib stream costs more than the rest of the save.
        using var compressed = CompressionBound.CannotSave(json.WrittenSpan) ? null : Compress(json.WrittenSpan);

        // itsdangerous keeps the compressed form only when it saves more than the one byte the '.' marker costs.
        var useCompressed = compressed is not null && compressed.Length < json.WrittenCount - 1;
        var payload = useCompressed ? compressed!.GetBuffer().AsSpan(0, (int)compressed.Length) : json.WrittenSpan;
        var prefix = useCompressed ? 1 : 0;
        var total = prefix + Base64Url.GetEncodedLength(payload.Length) + 1 + 11 + 1 + TimestampSigner.MaxSignatureLength;
        using var signed = new PooledBufferWriter(total);
        var buffer = signed.GetSpan(total);
        buffer[0] = CompressedMarker;
        var length = prefix + Base64Url.EncodeToUtf8(payload, buffer[prefix..]);
        length += signer.AppendTimestamp(buffer, length);
        buffer[length] = signer.SeparatorByte;
        length += 1 + signer.WriteSignature(buffer[..length], buffer[(length + 1)..]);
        return Encoding.ASCII.GetString(buffer[..length]);
    }

    /// <summary>Checks and decodes a value made by <see cref="Dumps(object?)"/>.</summary>
    /// <param name="signedValue">The signed text.</param>
    /// <param name="maxAge">The oldest signature accepted; null accepts any age.</param>
    /// <exception cref="SignatureExpiredException">Valid but older than <paramref name="maxAge"/>.</exception>
    /// <exception cref="BadSignatureException">The signature or timestamp is bad (or a subclass of it).</exception>
    /// <exception cref="BadPayloadException">Correctly signed but not decodable.</exception>
    public object? Loads(string signedValue, TimeSpan? maxAge = null) => Loads(signedValue, maxAge, salt: null);

    /// <inheritdoc cref="Loads(string, TimeSpan?)"/>
    /// <param name="signedValue">The signed text.</param>
    /// <param name="maxAge">The oldest signature accepted; null accepts any age.</param>
    /// <param name="salt">The salt it was signed with, when not the serializer's (see <see cref="Dumps(object?, string)"/>); null for the serializer's.</param>
    public object? Loads(string signedValue, TimeSpan? maxAge, string? salt)
    {
        ArgumentNullException.ThrowIfNull(signedValue);
        Load(signedValue, maxAge, salt, throwOnFailure: true, out var value);
        return value;
    }

    /// <summary>
    /// Reads <paramref name="signedValue"/> even when its signature fails (itsdangerous' <c>loads_unsafe</c>): (true, the
    /// value) when it is valid, (false, what it claims to hold) when the signature or its age is bad, (false, null) when
    /// that claimed payload cannot be read either. The payload of a failed value is the client's word: use it only for
    /// debugging or to tell the user what expired, never as trusted data.
    /// </summary>
    /// <exception cref="BadPayloadException">Correctly signed but not decodable: an error of the signer's side, as in itsdangerous.</exception>
    public (bool Valid, object? Payload) LoadsUnsafe(string signedValue, TimeSpan? maxAge = null, string? salt = null)
    {
        ArgumentNullException.ThrowIfNull(signedValue);
        try
        {
            return (true, Loads(signedValue, maxAge, salt));
        }
        catch (BadSignatureException e)
        {
            if (e.Payload is null) return (false, null);
            return (false, LoadPayload(e.Payload, out var claimed) is null ? claimed : null);
        }
    }

    /// <summary>
    /// Like <see cref="Loads(string, TimeSpan?)"/> but answers false instead of throwing, whatever is wrong with the input
    /// (a null or empty value, a bad signature, an expired one, or an undecodable payload).
    /// </summary>
    public bool TryLoads(string? signedValue, TimeSpan? maxAge, out object? value)
    {
        if (string.IsNullOrEmpty(signedValue))
        {
            value = null;
            return false;
        }

        return Load(signedValue, maxAge, salt: null, throwOnFailure: false, out value);
    }

    private bool Load(string signedValue, TimeSpan? maxAge, string? salt, bool throwOnFailure, out object? value)
    {
        value = null;
        using var buffer = new Utf8Buffer(signedValue, stackalloc byte[StackLimit]);
        var bytes = buffer.Bytes;
        var signers = SignersFor(salt);
        var signer = signers[0];
        var result = signer.Unsign(bytes, maxAge);
        // A good signature that is too old stops here, as in itsdangerous: another signer would not make it younger.
        for (var i = 1; i < signers.Length && !result.IsValid && result.Status != UnsignStatus.Expired; i++)
        {
            signer = signers[i];
            result = signer.Unsign(bytes, maxAge);
        }

        if (!result.IsValid)
        {
            // Forged and stale cookies are common: only the throwing caller pays for an exception. The last signer's
            // error is the one raised, as itsdangerous raises the last one.
            return throwOnFailure ? throw signer.CreateException(result, bytes, maxAge) : false;
        }

        var failure = LoadPayload(bytes[..result.ValueLength], out value);
        if (failure is null)
        {
            return true;
        }

        return throwOnFailure ? throw new BadPayloadException("Could not load the payload: " + failure.Message, failure) : false;
    }

    /// <summary>Decodes, inflates and deserializes; returns the error instead of throwing it.</summary>
    private Exception? LoadPayload(ReadOnlySpan<byte> payload, out object? value)
    {
        value = null;
        var compressed = payload.Length > 0 && payload[0] == CompressedMarker;
        if (compressed)
        {
            payload = payload[1..];
        }

        var decoded = ArrayPool<byte>.Shared.Rent(Math.Max(1, Base64Url.GetMaxDecodedLength(payload.Length)));
        try
        {
            if (Base64Url.DecodeFromUtf8(payload, decoded, out _, out var decodedLength) != OperationStatus.Done)
            {
                return new FormatException("The payload is not URL-safe base64.");
            }

            if (!compressed)
            {
                return Deserialize(decoded.AsSpan(0, decodedLength), out value);
            }

            using var inflated = new PooledBufferWriter(decodedLength * 4);
            try
            {
                using var zlib = new ZLibStream(new MemoryStream(decoded, 0, decodedLength, writable: false), CompressionMode.Decompress);
                int read;
                while ((read = zlib.Read(inflated.GetSpan(1024))) > 0)
                {
                    inflated.Advance(read);
                }
            }
            catch (InvalidDataException e)
            {
                return e;
            }

            return Deserialize(inflated.WrittenSpan, out value);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decoded);
        }
    }

    private Exception? Deserialize(ReadOnlySpan<byte> data, out object? value)
    {
        try
        {
            value = Serializer.Deserialize(data);
            return null;
        }
        catch (Exception e)
        {
            // Whatever the serializer throws, the payload is unusable; the caller decides whether that is an error.
            value = null;
            return e;
        }
    }

    /// <summary>The signer for <paramref name="salt"/> (null: the serializer's), then its fallbacks; made once per salt.</summary>
    private TimestampSigner[] SignersFor(string? salt)
    {
        if (salt is null || salt == _salt) return _signers ??= [Signer, .. CreateFallbacks(_salt)];
        return _signersBySalt.GetOrAdd(salt, s => [new TimestampSigner(_secretKeys, _signerOptions with { Salt = s }, _timeProvider), .. CreateFallbacks(s)]);
    }

    private IEnumerable<TimestampSigner> CreateFallbacks(string salt) =>
        FallbackSigners.Select(options => new TimestampSigner(_secretKeys, (options ?? throw new InvalidOperationException("A fallback signer's options are null.")) with { Salt = salt }, _timeProvider));

    private static MemoryStream Compress(ReadOnlySpan<byte> json)
    {
        var output = new MemoryStream(json.Length + 16);
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(json);
        }

        return output;
    }
}
