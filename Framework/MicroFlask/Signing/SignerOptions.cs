using System.Security.Cryptography;

namespace MicroFlask.Signing;

/// <summary>The settings of a <see cref="Signer"/>; the defaults are itsdangerous' defaults.</summary>
public sealed record SignerOptions
{
    /// <summary>itsdangerous' defaults: salt "itsdangerous.Signer", django-concat, SHA-1, '.'.</summary>
    public static SignerOptions Default { get; } = new();

    /// <summary>Mixed into the key so that signatures made for one purpose do not verify for another.</summary>
    public string Salt { get; init; } = Signer.DefaultSalt;

    /// <summary>How the HMAC key is derived from each secret key and the salt.</summary>
    public KeyDerivation KeyDerivation { get; init; } = KeyDerivation.DjangoConcat;

    /// <summary>
    /// The hash used both for derivation and for the HMAC (itsdangerous' <c>digest_method</c>): SHA1 (default), SHA256,
    /// SHA384, SHA512, MD5, or SHA3_256/384/512 where the platform supports SHA-3.
    /// </summary>
    public HashAlgorithmName Digest { get; init; } = HashAlgorithmName.SHA1;

    /// <summary>Separates value and signature; an ASCII character outside the URL-safe base64 alphabet.</summary>
    public char Separator { get; init; } = '.';
}
