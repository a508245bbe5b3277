namespace MicroFlask.Signing;

/// <summary>
/// How a <see cref="Signer"/> turns a secret key and a salt into the HMAC key, with the names itsdangerous uses.
/// </summary>
public enum KeyDerivation
{
    /// <summary>hash(salt + "signer" + key): itsdangerous' default ("django-concat").</summary>
    DjangoConcat,

    /// <summary>hash(salt + key) ("concat").</summary>
    Concat,

    /// <summary>HMAC(key, salt) ("hmac"): what Flask uses for its session cookie.</summary>
    Hmac,

    /// <summary>The secret key as it is, the salt unused ("none").</summary>
    None,
}
