using System.Security.Cryptography;
using MicroFlask.Signing;

namespace MicroFlask.Tests.Signing;

// Expected values were made with itsdangerous 2.2: Signer("secret", ...).sign("hello").
public class SignerTests
{
    [TestCase(KeyDerivation.DjangoConcat, "hello.7KTthSs1fJgtbigPvFpQH1bpoGA")]
    [TestCase(KeyDerivation.Concat, "hello.iJ0v4kLu865K39xYDcFmzWoL6Ns")]
    [TestCase(KeyDerivation.Hmac, "hello.UFJ-ZZK6KzX3iJOeWSFlpUJiRtk")]
    [TestCase(KeyDerivation.None, "hello.URIFXAX5RPhXVe_FzYlw4ZTp9Fs")]
    public void Sign_Sha1KnownVector_MatchesItsdangerous(KeyDerivation derivation, string expected)
    {
        var signer = new Signer("secret", new SignerOptions { KeyDerivation = derivation });

        signer.Sign("hello").ShouldBe(expected);
    }

    [TestCase(KeyDerivation.DjangoConcat, "hello.wi9qFobArR1iCBEpunByseLLD7b_zztm_BTOmrEGHGU")]
    [TestCase(KeyDerivation.Concat, "hello.jTBK1uhOOE5qg_Ic2nOI4ZJG0FKsD-d4Eq9_T3zM91E")]
    [TestCase(KeyDerivation.Hmac, "hello.TKxAjVV_pO0YaiLbvm3kvUYhqa0msSNnDOFho1jYB8c")]
    [TestCase(KeyDerivation.None, "hello.iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs")]
    public void Sign_Sha256KnownVector_MatchesItsdangerous(KeyDerivation derivation, string expected)
    {
        var signer = new Signer("secret", new SignerOptions { KeyDerivation = derivation, Digest = HashAlgorithmName.SHA256 });

        signer.Sign("hello").ShouldBe(expected);
    }

    [Test]
    public void Sign_OtherSalt_MatchesItsdangerous() =>
        new Signer("secret", new SignerOptions { Salt = "other" }).Sign("hello").ShouldBe("hello.Rr7_qEvgMZK4VcJTzTkDilK8ssc");

    [Test]
    public void Sign_OtherSeparator_MatchesItsdangerous() =>
        new Signer("secret", new SignerOptions { Separator = '|' }).Sign("a|b").ShouldBe("a|b|1InKflB9W-xhVDuHL-5DVcXtAsM");

    [Test]
    public void Sign_NonAsciiKeyAndValue_SignsUtf8() =>
        new Signer("sécret").Sign("héllo").ShouldBe("héllo.JbW6gGLUR2jlvukk3BTbgs_G-Dc");

    [Test]
    public void Sign_LongValue_RoundTrips()
    {
        var signer = new Signer("secret");
        var value = new string('x', 10_000);

        signer.Unsign(signer.Sign(value)).ShouldBe(value);
    }

    [Test]
    public void Sign_ManyThreadsAtOnce_EverySignatureCorrect()
    {
        // The keyed HMAC instances are pooled; no two threads may ever share one mid-computation.
        var signer = new Signer(["old", "secret"]);
        var wrong = 0;
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                if (signer.Sign("hello") != "hello.7KTthSs1fJgtbigPvFpQH1bpoGA" || signer.Unsign("hello.7KTthSs1fJgtbigPvFpQH1bpoGA") != "hello")
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        });

        wrong.ShouldBe(0);
    }

    [Test]
    public void Unsign_SignedValue_ReturnsValue() =>
        new Signer("secret").Unsign("hello.7KTthSs1fJgtbigPvFpQH1bpoGA").ShouldBe("hello");

    [Test]
    public void Unsign_ValueContainingSeparator_SplitsAtLast() =>
        new Signer("secret").Unsign(new Signer("secret").Sign("a.b.c")).ShouldBe("a.b.c");

    [Test]
    public void Unsign_NoSeparator_ThrowsWithoutPayload() =>
        Should.Throw<BadSignatureException>(() => new Signer("secret").Unsign("hello")).Payload.ShouldBeNull();

    [Test]
    public void Unsign_WrongSignature_ThrowsWithPayload() =>
        Should.Throw<BadSignatureException>(() => new Signer("secret").Unsign("hello.7KTthSs1fJgtbigPvFpQH1bpoGa"))
            .Payload.ShouldBe("hello"u8.ToArray());

    [Test]
    public void Unsign_LastCharacterSpelledDifferently_Throws()
    {
        // 'A' and 'B' differ only in bits that a lenient base64 decoder drops; the signature must still fail.
        Should.Throw<BadSignatureException>(() => new Signer("secret").Unsign("hello.7KTthSs1fJgtbigPvFpQH1bpoGB"));
    }

    [Test]
    public void Unsign_PaddedSignature_Throws() =>
        Should.Throw<BadSignatureException>(() => new Signer("secret").Unsign("hello.7KTthSs1fJgtbigPvFpQH1bpoGA="));

    [Test]
    public void Unsign_OtherSalt_Throws() =>
        Should.Throw<BadSignatureException>(() => new Signer("secret", new SignerOptions { Salt = "other" }).Unsign("hello.7KTthSs1fJgtbigPvFpQH1bpoGA"));

    [Test]
    public void Sign_SeveralKeys_SignsWithLast() =>
        new Signer(["old", "secret"]).Sign("hello").ShouldBe(new Signer("secret").Sign("hello"));

    [Test]
    public void Unsign_SignedWithOlderKey_Verifies() =>
        new Signer(["old", "secret"]).Unsign(new Signer("old").Sign("hello")).ShouldBe("hello");

    [Test]
    public void Unsign_SignedWithDroppedKey_Throws() =>
        Should.Throw<BadSignatureException>(() => new Signer(["older", "secret"]).Unsign(new Signer("old").Sign("hello")));

    [Test]
    public void Unsign_ByteKeys_MatchStringKeys() =>
        new Signer([[.. "secret"u8]]).Sign("hello").ShouldBe(new Signer("secret").Sign("hello"));

    [Test]
    public void Validate_GoodSignature_True() => new Signer("secret").Validate("hello.7KTthSs1fJgtbigPvFpQH1bpoGA").ShouldBeTrue();

    [Test]
    public void Validate_BadSignature_False() => new Signer("secret").Validate("hello.x").ShouldBeFalse();

    [Test]
    public void Constructor_NoKeys_Throws() => Should.Throw<ArgumentException>(() => new Signer(Array.Empty<string>()));

    [TestCase('a')]
    [TestCase('5')]
    [TestCase('-')]
    [TestCase('_')]
    [TestCase('=')]
    [TestCase('é')]
    public void Constructor_SeparatorInBase64Alphabet_Throws(char separator) =>
        Should.Throw<ArgumentException>(() => new Signer("secret", new SignerOptions { Separator = separator }));

    [Test]
    public void Constructor_UnsupportedDigest_Throws() =>
        Should.Throw<ArgumentException>(() => new Signer("secret", new SignerOptions { Digest = new HashAlgorithmName("WHIRLPOOL") }));
}
