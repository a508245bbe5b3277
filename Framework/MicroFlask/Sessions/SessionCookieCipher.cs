using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MicroFlask.Signing;

namespace MicroFlask.Sessions;

/// <summary>
/// Encrypts the session cookie (SESSION_COOKIE_ENCRYPTED): AES-256-GCM under a key derived from SECRET_KEY with HKDF,
/// so the browser can neither read nor change the session. The newest key encrypts; every key (SECRET_KEY and
/// SECRET_KEY_FALLBACKS) is tried to decrypt.
/// </summary>
/// <remarks>
/// <para>
/// The cookie is URL-safe base64 without padding of <c>version (1 byte, 1) | salt (16) | nonce (12) | ciphertext |
/// tag (16)</c>. The plaintext is the issue time (8 bytes, big-endian Unix seconds: the cookie's age, as the signed
/// cookie's timestamp) followed by the serialized session. The header (version, salt, nonce) is the associated data.
/// </para>
/// <para>
/// Each cookie has its own AES key, HKDF-Expand(PRK, info = context | salt), where PRK = HKDF-Extract(salt = context,
/// SECRET_KEY): random 96-bit nonces under one key are safe for about 2^32 cookies, which a busy site that reissues
/// the cookie on every request would reach; a fresh 128-bit salt per cookie removes that bound. The context string
/// is not the signing salt, so the encryption key shares nothing with the keys that sign Flask-format cookies.
/// </para>
/// <para>
/// Nothing is compressed before encryption: compression would let the length reveal the content. Any failure (bad
/// encoding, other version, wrong key, altered byte, expired, unreadable payload) answers false, never throws.
/// </para>
/// </remarks>
internal sealed class SessionCookieCipher
{
    internal const byte Version = 1;
    internal const int SaltSize = 16;
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    internal const int HeaderSize = 1 + SaltSize + NonceSize;
    private const int TimestampSize = 8;
    private const int KeySize = 32;

    // Far above what a browser keeps (4 KB): a longer value is refused before any decoding.
    private const int MaxCookieCharacters = 16 * 1024;

    private static readonly byte[] Context = "MicroFlask encrypted session cookie v1"u8.ToArray();

    // Pseudo-random keys, newest first: the first encrypts, all decrypt.
    private readonly byte[][] _keys;
    private readonly IPayloadSerializer _serializer;
    private readonly TimeProvider _time;

    /// <summary>A cipher for <paramref name="secretKeys"/>, oldest first as itsdangerous takes them (the last encrypts).</summary>
    internal SessionCookieCipher(IEnumerable<string> secretKeys, IPayloadSerializer serializer, TimeProvider time)
    {
        _keys = [.. secretKeys.Reverse().Select(key => HKDF.Extract(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(key), Context))];
        if (_keys.Length == 0) throw new ArgumentException("At least one secret key is needed.", nameof(secretKeys));
        _serializer = serializer;
        _time = time;
    }

    /// <summary>Serializes and encrypts <paramref name="value"/> under the newest key, stamped with the current time.</summary>
    internal string Encrypt(object? value)
    {
        using var payload = new PooledBufferWriter();
        _serializer.Serialize(value, payload);
        var plaintextLength = TimestampSize + payload.WrittenCount;
        var sealedBytes = new byte[HeaderSize + plaintextLength + TagSize];
        var header = sealedBytes.AsSpan(0, HeaderSize);
        header[0] = Version;
        RandomNumberGenerator.Fill(header[1..]);

        var plaintext = sealedBytes.AsSpan(HeaderSize, plaintextLength);
        BinaryPrimitives.WriteInt64BigEndian(plaintext, _time.GetUtcNow().ToUnixTimeSeconds());
        payload.WrittenSpan.CopyTo(plaintext[TimestampSize..]);

        using var aes = CreateAes(_keys[0], header);
        // In place: GCM allows the ciphertext to overwrite its plaintext.
        aes.Encrypt(Nonce(header), plaintext, plaintext, sealedBytes.AsSpan(HeaderSize + plaintextLength), header);
        return Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>Decrypts a cookie made by <see cref="Encrypt"/> with any of the keys, at most <paramref name="maxAge"/> old.</summary>
    internal bool TryDecrypt(string? cookie, TimeSpan? maxAge, out object? value)
    {
        value = null;
        if (string.IsNullOrEmpty(cookie) || cookie.Length > MaxCookieCharacters) return false;
        var sealedBytes = DecodeCanonical(cookie);
        if (sealedBytes is null || sealedBytes.Length < HeaderSize + TimestampSize + TagSize || sealedBytes[0] != Version) return false;

        var header = sealedBytes.AsSpan(0, HeaderSize);
        var ciphertext = sealedBytes.AsSpan(HeaderSize, sealedBytes.Length - HeaderSize - TagSize);
        var tag = sealedBytes.AsSpan(sealedBytes.Length - TagSize);
        var plaintext = new byte[ciphertext.Length];
        if (!TryOpen(header, ciphertext, tag, plaintext)) return false;

        var issued = BinaryPrimitives.ReadInt64BigEndian(plaintext);
        if (maxAge is { } limit)
        {
            // The signed cookie's rule: whole seconds, and a cookie from the future is expired too.
            var age = _time.GetUtcNow().ToUnixTimeSeconds() - issued;
            if (age > (long)limit.TotalSeconds || age < 0) return false;
        }

        try
        {
            value = _serializer.Deserialize(plaintext.AsSpan(TimestampSize));
            return true;
        }
#pragma warning disable CA1031 // Authentic but unreadable (a serializer changed): an empty session, whatever the serializer throws.
        catch (Exception)
#pragma warning restore CA1031
        {
            value = null;
            return false;
        }
    }

    private bool TryOpen(ReadOnlySpan<byte> header, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
    {
        foreach (var key in _keys)
        {
            using var aes = CreateAes(key, header);
            try
            {
                aes.Decrypt(Nonce(header), ciphertext, tag, plaintext, header);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                // Another key, or an altered cookie: try the next key.
            }
        }
        plaintext.Clear();
        return false;
    }

    private static AesGcm CreateAes(byte[] pseudoRandomKey, ReadOnlySpan<byte> header)
    {
        Span<byte> info = stackalloc byte[Context.Length + SaltSize];
        Context.CopyTo(info);
        header.Slice(1, SaltSize).CopyTo(info[Context.Length..]);
        Span<byte> key = stackalloc byte[KeySize];
        HKDF.Expand(HashAlgorithmName.SHA256, pseudoRandomKey, key, info);
        var aes = new AesGcm(key, TagSize);
        CryptographicOperations.ZeroMemory(key);
        return aes;
    }

    private static ReadOnlySpan<byte> Nonce(ReadOnlySpan<byte> header) => header.Slice(1 + SaltSize, NonceSize);

    /// <summary>
    /// The bytes of <paramref name="cookie"/>, or null unless it is exactly what <see cref="Encrypt"/> writes: base64
    /// decoders skip whitespace and padding and ignore the unused bits of the last character, so an altered character
    /// could otherwise decode to the same bytes and be accepted.
    /// </summary>
    private static byte[]? DecodeCanonical(string cookie)
    {
        var bytes = new byte[Base64Url.GetMaxDecodedLength(cookie.Length)];
        if (Base64Url.DecodeFromChars(cookie, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != cookie.Length
            || Base64Url.GetEncodedLength(written) != cookie.Length)
            return null;
        bytes = written == bytes.Length ? bytes : bytes[..written];
        Span<char> again = cookie.Length <= 1024 ? stackalloc char[cookie.Length] : new char[cookie.Length];
        return Base64Url.TryEncodeToChars(bytes, again, out var length) && again[..length].SequenceEqual(cookie) ? bytes : null;
    }
}
