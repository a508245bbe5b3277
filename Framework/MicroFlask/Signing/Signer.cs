using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace MicroFlask.Signing;

/// <summary>
/// Signs text with an HMAC so that it can go to a client and be checked when it comes back, in itsdangerous'
/// format: <c>value.signature</c>, the signature URL-safe base64 without padding.
/// </summary>
/// <remarks>
/// Secret keys are a list, oldest first: the last (newest) key signs, every key verifies, newest first.
/// That is key rotation: add a new key at the end, drop the oldest once its signatures have expired.
/// </remarks>
public class Signer
{
    /// <summary>itsdangerous' default salt for a bare signer.</summary>
    public const string DefaultSalt = "itsdangerous.Signer";

    internal const int StackLimit = 512;
    private const int MaxHashSize = 64;
    internal const int MaxSignatureLength = 86;

    // Derived once, with a pool of keyed HMACs each: the hot path verifies a cookie on every request.
    private readonly HmacPool[] _keysNewestFirst;
    private readonly HashAlgorithmName _digest;
    private readonly int _hashSize;

    /// <summary>Creates a signer with one secret key (UTF-8 encoded).</summary>
    public Signer(string secretKey, SignerOptions? options = null)
        : this([secretKey], options)
    {
    }

    /// <summary>Creates a signer with secret keys (UTF-8 encoded), oldest first; the last one signs.</summary>
    public Signer(IEnumerable<string> secretKeys, SignerOptions? options = null)
        : this(EncodeKeys(secretKeys), options)
    {
    }

    /// <summary>Creates a signer with secret keys, oldest first; the last one signs.</summary>
    public Signer(IEnumerable<byte[]> secretKeys, SignerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(secretKeys);
        Options = options ?? SignerOptions.Default;
        var keys = secretKeys.ToArray();
        if (keys.Length == 0)
        {
            throw new ArgumentException("A signer needs at least one secret key.", nameof(secretKeys));
        }

        SeparatorByte = CheckSeparator(Options.Separator);
        (_digest, _hashSize) = CheckDigest(Options.Digest);
        SignatureLength = Base64Url.GetEncodedLength(_hashSize);

        var salt = Encoding.UTF8.GetBytes(Options.Salt ?? DefaultSalt);
        _keysNewestFirst = new HmacPool[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[keys.Length - 1 - i] ?? throw new ArgumentException("A secret key is null.", nameof(secretKeys));
            _keysNewestFirst[i] = new HmacPool(_digest, DeriveKey(key, salt));
        }
    }

    /// <summary>The settings this signer was made with.</summary>
    public SignerOptions Options { get; }

    internal byte SeparatorByte { get; }

    /// <summary>Length of the encoded signature, fixed by the digest (27 characters for SHA-1).</summary>
    internal int SignatureLength { get; }

    /// <summary>Returns <c>value + separator + signature</c>.</summary>
    public virtual string Sign(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var bytes = new Utf8Buffer(value, stackalloc byte[StackLimit]);
        Span<char> tail = stackalloc char[1 + MaxSignatureLength];
        tail[0] = Options.Separator;
        var length = 1 + WriteSignature(bytes.Bytes, tail[1..]);
        return string.Concat(value.AsSpan(), tail[..length]);
    }

    /// <summary>Returns the value if its signature matches one of the keys.</summary>
    /// <exception cref="BadSignatureException">No separator, or the signature matches no key.</exception>
    public virtual string Unsign(string signedValue)
    {
        ArgumentNullException.ThrowIfNull(signedValue);
        using var buffer = new Utf8Buffer(signedValue, stackalloc byte[StackLimit]);
        var bytes = buffer.Bytes;
        var valueLength = bytes.LastIndexOf(SeparatorByte);
        if (valueLength < 0)
        {
            throw new BadSignatureException($"No '{Options.Separator}' found in value.");
        }

        if (!VerifySignature(bytes[..valueLength], bytes[(valueLength + 1)..]))
        {
            throw new BadSignatureException("Signature does not match.", bytes[..valueLength].ToArray());
        }

        // The separator is ASCII, so its last index in the text splits the text where it split the bytes.
        return signedValue[..signedValue.LastIndexOf(Options.Separator)];
    }

    /// <summary>True when <paramref name="signedValue"/> carries a valid signature.</summary>
    public virtual bool Validate(string signedValue)
    {
        try
        {
            Unsign(signedValue);
            return true;
        }
        catch (BadSignatureException)
        {
            return false;
        }
    }

    /// <summary>Writes the encoded signature of <paramref name="value"/> made with the newest key.</summary>
    internal int WriteSignature(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        Span<byte> mac = stackalloc byte[MaxHashSize];
        mac = mac[.._hashSize];
        _keysNewestFirst[0].Compute(value, mac);
        return Base64Url.EncodeToUtf8(mac, destination);
    }

    /// <inheritdoc cref="WriteSignature(ReadOnlySpan{byte}, Span{byte})"/>
    internal int WriteSignature(ReadOnlySpan<byte> value, Span<char> destination)
    {
        Span<byte> encoded = stackalloc byte[MaxSignatureLength];
        var length = WriteSignature(value, encoded);
        return Encoding.ASCII.GetChars(encoded[..length], destination);
    }

    /// <summary>True when <paramref name="signature"/> is the signature of <paramref name="value"/> under any key.</summary>
    internal bool VerifySignature(ReadOnlySpan<byte> value, ReadOnlySpan<byte> signature)
    {
        // The encoded forms are compared, not the decoded bytes: a lenient base64 decoder accepts several spellings
        // of one signature (the unused low bits of the last character), and no altered cookie may pass.
        if (signature.Length != SignatureLength)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[MaxHashSize];
        mac = mac[.._hashSize];
        Span<byte> expected = stackalloc byte[MaxSignatureLength];
        expected = expected[..SignatureLength];
        foreach (var key in _keysNewestFirst)
        {
            key.Compute(value, mac);
            Base64Url.EncodeToUtf8(mac, expected);
            if (CryptographicOperations.FixedTimeEquals(expected, signature))
            {
                return true;
            }
        }

        return false;
    }

    private byte[] DeriveKey(byte[] secretKey, byte[] salt)
    {
        switch (Options.KeyDerivation)
        {
            case KeyDerivation.Concat:
                return CryptographicOperations.HashData(_digest, [.. salt, .. secretKey]);
            case KeyDerivation.DjangoConcat:
                return CryptographicOperations.HashData(_digest, [.. salt, .. "signer"u8, .. secretKey]);
            case KeyDerivation.Hmac:
                return CryptographicOperations.HmacData(_digest, secretKey, salt);
            case KeyDerivation.None:
                return (byte[])secretKey.Clone();
            default:
                throw new ArgumentOutOfRangeException(nameof(Options), Options.KeyDerivation, "Unknown key derivation.");
        }
    }

    private static byte CheckSeparator(char separator)
    {
        if (separator > 0x7F || char.IsAsciiLetterOrDigit(separator) || separator is '-' or '_' or '=')
        {
            throw new ArgumentException(
                $"The separator '{separator}' cannot be used: it must be ASCII and may not be a letter, a digit, '-', '_' or '=', which can appear in the signature itself.",
                nameof(separator));
        }

        return (byte)separator;
    }

    private static (HashAlgorithmName, int) CheckDigest(HashAlgorithmName digest)
    {
        if (digest == default || digest == HashAlgorithmName.SHA1)
        {
            return (HashAlgorithmName.SHA1, 20);
        }

        if (digest == HashAlgorithmName.SHA256)
        {
            return (digest, 32);
        }

        if (digest == HashAlgorithmName.SHA384)
        {
            return (digest, 48);
        }

        if (digest == HashAlgorithmName.SHA512)
        {
            return (digest, 64);
        }

        // itsdangerous takes any hashlib digest: MD5 for old tokens, and SHA-3 where the platform's crypto has it.
        if (digest == HashAlgorithmName.MD5)
        {
            return (digest, 16);
        }

        if (digest == HashAlgorithmName.SHA3_256 && HMACSHA3_256.IsSupported)
        {
            return (digest, 32);
        }

        if (digest == HashAlgorithmName.SHA3_384 && HMACSHA3_384.IsSupported)
        {
            return (digest, 48);
        }

        if (digest == HashAlgorithmName.SHA3_512 && HMACSHA3_512.IsSupported)
        {
            return (digest, 64);
        }

        throw new ArgumentException(
            $"Digest '{digest.Name}' is not supported here; use SHA1, SHA256, SHA384, SHA512, MD5, or SHA3_256/384/512 where the platform supports SHA-3.",
            nameof(digest));
    }

    private static IEnumerable<byte[]> EncodeKeys(IEnumerable<string> secretKeys)
    {
        ArgumentNullException.ThrowIfNull(secretKeys);
        return secretKeys.Select(key => Encoding.UTF8.GetBytes(key ?? throw new ArgumentException("A secret key is null.", nameof(secretKeys))));
    }
}
