using System.Buffers.Text;
using System.Text;
using MicroFlask.Sessions;
using MicroFlask.Sessions.Json;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Tests.Sessions;

/// <summary>The encrypted cookie's format, keys and refusals, below the session interface.</summary>
public class SessionCookieCipherTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(31);
    private static readonly Dictionary<string, object?> Session = new() { ["user"] = "alice-in-wonderland", ["n"] = 42L };

    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    [Test]
    public void Encrypt_ThenDecrypt_GivesTheSession()
    {
        var cipher = Cipher("key");

        cipher.TryDecrypt(cipher.Encrypt(Session), Lifetime, out var value).ShouldBeTrue();

        JsonValueEquality.Equals(value, Session).ShouldBeTrue();
    }

    [Test]
    public void Encrypt_Layout_IsVersionSaltNonceCiphertextTag()
    {
        var cookie = Cipher("key").Encrypt(Session);
        var bytes = Base64Url.DecodeFromChars(cookie);
        var json = TaggedJsonSerializer.Default.Dumps(Session);

        (bytes[0], bytes.Length).ShouldBe(((byte)1, 1 + 16 + 12 + 8 + Encoding.UTF8.GetByteCount(json) + 16));
    }

    [Test]
    public void Encrypt_Cookie_DoesNotShowTheSession()
    {
        var cookie = Cipher("key").Encrypt(Session);
        var bytes = Base64Url.DecodeFromChars(cookie);

        Encoding.Latin1.GetString(bytes).ShouldNotContain("alice");
    }

    [Test]
    public void Encrypt_SameSessionTwice_GivesDifferentCookies()
    {
        var cipher = Cipher("key");

        cipher.Encrypt(Session).ShouldNotBe(cipher.Encrypt(Session));
    }

    [Test]
    public void Decrypt_CookieOfAFallbackKey_IsAccepted()
    {
        var cookie = Cipher("old").Encrypt(Session);

        Cipher("old", "new").TryDecrypt(cookie, Lifetime, out _).ShouldBeTrue();
    }

    [Test]
    public void Encrypt_WithFallbacks_UsesTheNewestKey()
    {
        var cookie = Cipher("old", "new").Encrypt(Session);

        Cipher("new").TryDecrypt(cookie, Lifetime, out _).ShouldBeTrue();
    }

    [Test]
    public void Decrypt_KeyRemovedFromTheFallbacks_IsRefused()
    {
        var cookie = Cipher("old").Encrypt(Session);

        Cipher("new").TryDecrypt(cookie, Lifetime, out _).ShouldBeFalse();
    }

    [Test]
    public void Decrypt_OlderThanTheMaxAge_IsRefused()
    {
        var cipher = Cipher("key");
        var cookie = cipher.Encrypt(Session);

        _time.Advance(Lifetime + TimeSpan.FromSeconds(1));

        cipher.TryDecrypt(cookie, Lifetime, out _).ShouldBeFalse();
    }

    [Test]
    public void Decrypt_AtTheMaxAge_IsAccepted()
    {
        var cipher = Cipher("key");
        var cookie = cipher.Encrypt(Session);

        _time.Advance(Lifetime);

        cipher.TryDecrypt(cookie, Lifetime, out _).ShouldBeTrue();
    }

    [Test]
    public void Decrypt_IssuedInTheFuture_IsRefused()
    {
        var aheadClock = new FakeTimeProvider(_time.GetUtcNow() + TimeSpan.FromHours(1));
        var cookie = new SessionCookieCipher(["key"], TaggedJsonSerializer.Default, aheadClock).Encrypt(Session);

        Cipher("key").TryDecrypt(cookie, Lifetime, out _).ShouldBeFalse();
    }

    [Test]
    public void Decrypt_EveryTruncation_IsRefused()
    {
        var cipher = Cipher("key");
        var cookie = cipher.Encrypt(Session);

        Enumerable.Range(0, cookie.Length).Where(length => cipher.TryDecrypt(cookie[..length], Lifetime, out _)).ShouldBeEmpty();
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("garbage")]
    [TestCase("eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.351ENKpIfJiv1uGkyZDDG0A5ZAk")]
    public void Decrypt_NotAnEncryptedCookie_IsRefused(string? cookie) =>
        Cipher("key").TryDecrypt(cookie, Lifetime, out _).ShouldBeFalse();

    [TestCase("=")]
    [TestCase("==")]
    [TestCase(" ")]
    [TestCase("\n")]
    public void Decrypt_ValidCookieWithPaddingOrWhitespaceAdded_IsRefused(string added)
    {
        var cipher = Cipher("key");
        var cookie = cipher.Encrypt(Session);

        cipher.TryDecrypt(cookie + added, Lifetime, out _).ShouldBeFalse();
    }

    [Test]
    public void Decrypt_OtherVersionByte_IsRefused()
    {
        var cipher = Cipher("key");
        var bytes = Base64Url.DecodeFromChars(cipher.Encrypt(Session));
        bytes[0] = 2;

        cipher.TryDecrypt(Base64Url.EncodeToString(bytes), Lifetime, out _).ShouldBeFalse();
    }

    [Test]
    public void Decrypt_LongerThanAnyCookie_IsRefusedWithoutDecoding() =>
        Cipher("key").TryDecrypt(new string('A', 20_000), Lifetime, out _).ShouldBeFalse();

    private SessionCookieCipher Cipher(params string[] keysOldestFirst) => new(keysOldestFirst, TaggedJsonSerializer.Default, _time);
}
