using MicroFlask.Signing;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Tests.Signing;

// Expected values were made with itsdangerous 2.2 at get_timestamp() == 1700000000 ("ZVPxAA").
public class TimestampSignerTests
{
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider(SignedAt);

    private TimestampSigner CreateSigner() => new("secret", timeProvider: _time);

    [Test]
    public void Sign_KnownVector_MatchesItsdangerous() => CreateSigner().Sign("hello").ShouldBe("hello.ZVPxAA.0pZnxd2yvPSFX93jOV9WdHNP6nk");

    [Test]
    public void Unsign_WithinMaxAge_ReturnsValue()
    {
        _time.Advance(TimeSpan.FromSeconds(60));

        CreateSigner().Unsign("hello.ZVPxAA.0pZnxd2yvPSFX93jOV9WdHNP6nk", TimeSpan.FromSeconds(60)).ShouldBe("hello");
    }

    [Test]
    public void Unsign_WithTimestamp_ReportsSigningTime()
    {
        CreateSigner().Unsign("hello.ZVPxAA.0pZnxd2yvPSFX93jOV9WdHNP6nk", null, out var signedAt);

        signedAt.ShouldBe(SignedAt);
    }

    [Test]
    public void Unsign_OlderThanMaxAge_ThrowsExpiredWithDate()
    {
        _time.Advance(TimeSpan.FromSeconds(61));

        Should.Throw<SignatureExpiredException>(() => CreateSigner().Unsign("hello.ZVPxAA.0pZnxd2yvPSFX93jOV9WdHNP6nk", TimeSpan.FromSeconds(60)))
            .DateSigned.ShouldBe(SignedAt);
    }

    [Test]
    public void Unsign_OldWithoutMaxAge_ReturnsValue()
    {
        _time.Advance(TimeSpan.FromDays(3650));

        CreateSigner().Unsign("hello.ZVPxAA.0pZnxd2yvPSFX93jOV9WdHNP6nk").ShouldBe("hello");
    }

    [Test]
    public void Unsign_DatedInTheFutureWithMaxAge_ThrowsExpired()
    {
        _time = new FakeTimeProvider(SignedAt.AddSeconds(-1));

        Should.Throw<SignatureExpiredException>(() => CreateSigner().Unsign("hello.ZVPxAA.0pZnxd2yvPSFX93jOV9WdHNP6nk", TimeSpan.FromDays(1)));
    }

    [Test]
    public void Unsign_WrongSignature_ThrowsBadTimeSignatureWithDate() =>
        Should.Throw<BadTimeSignatureException>(() => CreateSigner().Unsign("hello.ZVPxAA.0pZnxd2yvPSFX93jOV9WdHNP6nK"))
            .DateSigned.ShouldBe(SignedAt);

    [Test]
    public void Unsign_WrongSignatureWithoutTimestamp_ThrowsPlainBadSignature() =>
        Should.Throw<BadSignatureException>(() => CreateSigner().Unsign("hello.0pZnxd2yvPSFX93jOV9WdHNP6nk"))
            .ShouldBeOfType<BadSignatureException>();

    [Test]
    public void Unsign_NoSeparator_ThrowsPlainBadSignature() =>
        Should.Throw<BadSignatureException>(() => CreateSigner().Unsign("hello")).ShouldBeOfType<BadSignatureException>();

    [Test]
    public void Unsign_ValidSignatureWithoutTimestamp_ThrowsBadTimeSignature()
    {
        var untimed = new Signer("secret").Sign("hello");

        Should.Throw<BadTimeSignatureException>(() => CreateSigner().Unsign(untimed)).Message.ShouldContain("missing");
    }

    [Test]
    public void Unsign_ValidSignatureMalformedTimestamp_ThrowsBadTimeSignature()
    {
        var malformed = new Signer("secret").Sign("hello.!!");

        Should.Throw<BadTimeSignatureException>(() => CreateSigner().Unsign(malformed)).Message.ShouldContain("Malformed");
    }

    [Test]
    public void Unsign_TimestampBeyondYear9999_ThrowsBadTimeSignature()
    {
        var tooLate = new Signer("secret").Sign("hello.f_________8");

        Should.Throw<BadTimeSignatureException>(() => CreateSigner().Unsign(tooLate)).ShouldBeOfType<BadTimeSignatureException>();
    }

    [Test]
    public void Unsign_SignedWithOlderKey_Verifies()
    {
        var old = new TimestampSigner("old", timeProvider: _time).Sign("hello");

        new TimestampSigner(["old", "secret"], timeProvider: _time).Unsign(old, TimeSpan.FromMinutes(1)).ShouldBe("hello");
    }

    [Test]
    public void Validate_Expired_False()
    {
        _time.Advance(TimeSpan.FromSeconds(10));

        CreateSigner().Validate("hello.ZVPxAA.0pZnxd2yvPSFX93jOV9WdHNP6nk", TimeSpan.FromSeconds(5)).ShouldBeFalse();
    }

    [Test]
    public void Validate_Fresh_True() => CreateSigner().Validate("hello.ZVPxAA.0pZnxd2yvPSFX93jOV9WdHNP6nk", TimeSpan.FromSeconds(5)).ShouldBeTrue();
}
