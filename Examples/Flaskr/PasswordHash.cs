using System.Globalization;
using System.Security.Cryptography;
using System.Text;

/// <summary>
/// Werkzeug's <c>generate_password_hash</c> / <c>check_password_hash</c> for the <c>pbkdf2:sha256</c> method:
/// <c>pbkdf2:sha256:&lt;iterations&gt;$&lt;salt&gt;$&lt;hex digest&gt;</c>, so hashes move between Flask and MicroFlask.
/// </summary>
public static class PasswordHash
{
    /// <summary>Werkzeug 3.1's default iteration count for pbkdf2.</summary>
    public const int DefaultIterations = 1_000_000;

    private const string SaltChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new salted hash of <paramref name="password"/>.</summary>
    public static string Generate(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetString(SaltChars, 16);
        return $"pbkdf2:sha256:{iterations}${salt}${Digest(password, salt, iterations, HashAlgorithmName.SHA256)}";
    }

    /// <summary>Whether <paramref name="password"/> matches <paramref name="hash"/>; false for a method this does not know.</summary>
    public static bool Check(string hash, string password)
    {
        var parts = hash.Split('$');
        if (parts.Length != 3) return false;
        var method = parts[0].Split(':');
        if (method.Length is < 2 or > 3 || method[0] != "pbkdf2") return false;
        HashAlgorithmName? algorithm = method[1] switch
        {
            "sha256" => HashAlgorithmName.SHA256,
            "sha512" => HashAlgorithmName.SHA512,
            "sha1" => HashAlgorithmName.SHA1,
            _ => null,
        };
        if (algorithm is null) return false;
        var iterations = method.Length == 3 ? int.Parse(method[2], CultureInfo.InvariantCulture) : DefaultIterations;
        var expected = Digest(password, parts[1], iterations, algorithm.Value);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts[2]));
    }

    private static string Digest(string password, string salt, int iterations, HashAlgorithmName algorithm)
    {
        var length = algorithm == HashAlgorithmName.SHA512 ? 64 : algorithm == HashAlgorithmName.SHA1 ? 20 : 32;
        var bytes = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(salt), iterations, algorithm, length);
        return Convert.ToHexStringLower(bytes);
    }
}
